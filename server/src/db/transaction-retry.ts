/**
 * Retrying a whole transaction that PostgreSQL aborted to resolve a deadlock (40P01) or a
 * serialization failure (40001). Both are "try again" answers, not errors of the request: the
 * database rolled the transaction back, so running it again from the start is safe. A short
 * jittered pause keeps the retries of two colliding requests from colliding again.
 */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableTransactionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export async function retryTransaction<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
