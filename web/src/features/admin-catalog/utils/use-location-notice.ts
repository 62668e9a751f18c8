import { useState } from 'react';
import { useLocation } from 'react-router';

/**
 * A one-line message handed to the next page through the navigation's state ("Draft created",
 * "Venue deleted"), for a Snackbar there; the page can also set its own.
 */
export function useLocationNotice() {
  const state: unknown = useLocation().state;
  const initial =
    typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string' ? state.notice : null;
  return useState<string | null>(initial);
}
