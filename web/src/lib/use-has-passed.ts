import { useEffect, useState } from 'react';

/** setTimeout's longest wait (about 24 days); a longer one is waited for in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Whether the moment `iso` has come; re-renders once, when it does (not every second like a clock). */
export function useHasPassed(iso: string): boolean {
  const [passed, setPassed] = useState(() => Date.parse(iso) <= Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const wait = Date.parse(iso) - Date.now();
      setPassed(wait <= 0);
      if (wait > 0) timer = setTimeout(check, Math.min(wait, MAX_TIMEOUT_MS));
    };
    check();
    return () => clearTimeout(timer);
  }, [iso]);
  return passed;
}
