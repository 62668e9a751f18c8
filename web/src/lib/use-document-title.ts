import { useEffect } from 'react';

const APP_NAME = 'iaTichet';

/** Sets the tab title to "<title> · iaTichet" (or the bare name on the home page). */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title === null ? APP_NAME : `${title} · ${APP_NAME}`;
  }, [title]);
}
