/**
 * The organizer the admin pages work on, remembered in this browser (the organizer switcher sets it).
 * It lives in lib so that any admin feature can read it without importing the organizers feature.
 */
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'iat.organizerId';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setChosenOrganizerId(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage refused (private mode): the choice holds until the page is left.
  }
  memory = id;
  for (const listener of listeners) listener();
}

let memory: string | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The remembered choice, or null when none was made yet. */
export function useChosenOrganizerId(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => memory ?? read(),
    () => null,
  );
}
