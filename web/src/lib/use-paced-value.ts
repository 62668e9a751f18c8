/**
 * A value for a live region that changes faster than anyone can listen: a waiting room's place
 * falls every second or two while admission runs, and a screen reader that said each one would
 * say nothing else. The paced value follows at most once per interval (the newest value when the
 * interval ends); an urgent change (it is your turn, nobody is ahead) is said at once.
 */
import { useEffect, useRef, useState } from 'react';

/** How long to wait before saying a new value: nothing for the first or an urgent one, else until `intervalMs` after the last said. */
export function pacedDelay(now: number, lastSaidAt: number | null, intervalMs: number, urgent: boolean): number {
  if (urgent || lastSaidAt === null) return 0;
  return Math.max(0, lastSaidAt + intervalMs - now);
}

export function usePacedValue<T>(value: T, intervalMs: number, urgent = false): T {
  const [paced, setPaced] = useState(value);
  const lastSaidAt = useRef<number | null>(null);
  useEffect(() => {
    if (Object.is(value, paced)) return;
    const timer = setTimeout(
      () => {
        lastSaidAt.current = Date.now();
        setPaced(value);
      },
      pacedDelay(Date.now(), lastSaidAt.current, intervalMs, urgent),
    );
    return () => clearTimeout(timer);
  }, [value, paced, intervalMs, urgent]);
  return paced;
}
