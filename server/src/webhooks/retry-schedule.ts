/**
 * When a failed delivery is tried again (API.md): after about 5 s, 30 s, 2 min, 10 min, 1 h, then
 * every 3 h, each pause up to 20 % longer at random (so that many hooks failing together do not
 * retry in step), until 24 h after the event; then the delivery is `failed`.
 * `scale` shrinks every time (tests: 0.001 makes 5 s into 5 ms); production uses 1.
 */
const FIRST_PAUSES_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
const LATER_PAUSE_MS = 3 * 3_600_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
export const JITTER = 0.2;

/** The pause after the `failedAttempts`-th failure (1-based), before jitter and scale. */
export function basePauseMs(failedAttempts: number): number {
  return FIRST_PAUSES_MS[failedAttempts - 1] ?? LATER_PAUSE_MS;
}

/**
 * The time of the next attempt after a failure, or null when the delivery gives up.
 * `random` is in [0, 1) (Math.random); it adds up to 20 % to the pause.
 */
export function nextAttemptAt(
  createdAtMs: number,
  failedAttempts: number,
  nowMs: number,
  options: { random?: () => number; scale?: number } = {},
): number | null {
  const scale = options.scale ?? 1;
  const jitter = 1 + JITTER * (options.random ?? Math.random)();
  const next = nowMs + basePauseMs(failedAttempts) * jitter * scale;
  return next > createdAtMs + GIVE_UP_AFTER_MS * scale ? null : next;
}
