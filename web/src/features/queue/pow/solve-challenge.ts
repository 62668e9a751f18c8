/**
 * Solves a waiting-room challenge: in a Web Worker batch by batch, reporting progress after each;
 * on the main thread, with the same batches, only where Worker does not exist. Stops when `signal`
 * aborts (the person left the page) and the worker is ended.
 */
import type { QueueChallenge } from '@iatichet/contracts';
import { searchNonces, solveProgress } from './pow-search';
import type { PowBatchAnswer, PowBatchRequest } from './pow-worker';

/** Nonces per message: large enough that messaging costs little, small enough for smooth progress. */
export const BATCH = 4_096;

export interface SolveOptions {
  onProgress?: (progress: number) => void;
  signal?: AbortSignal;
}

type BatchRunner = (request: PowBatchRequest) => Promise<string | null>;

function abortError(): Error {
  return new DOMException('The search was stopped', 'AbortError');
}

/** The batch loop, whatever runs each batch. */
export async function solveWith(run: BatchRunner, challenge: QueueChallenge, options: SolveOptions = {}): Promise<string> {
  for (let start = 0; ; start += BATCH) {
    if (options.signal?.aborted) throw abortError();
    const solution = await run({ challenge: challenge.challenge, difficulty: challenge.difficulty, start, count: BATCH });
    if (solution !== null) {
      options.onProgress?.(1);
      return solution;
    }
    options.onProgress?.(solveProgress(start + BATCH, challenge.difficulty));
  }
}

function workerRunner(): { run: BatchRunner; stop: () => void } {
  const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
  // The batch in flight, so stopping the worker also settles its promise.
  let pending: ((error: Error) => void) | undefined;
  const run: BatchRunner = (request) =>
    new Promise((resolve, reject) => {
      pending = reject;
      worker.onmessage = (message: MessageEvent<PowBatchAnswer>) => resolve(message.data.solution);
      worker.onerror = (error) => reject(new Error(error.message));
      worker.postMessage(request);
    });
  const stop = () => {
    worker.terminate();
    pending?.(abortError());
  };
  return { run, stop };
}

const mainThreadRunner: BatchRunner = ({ challenge, difficulty, start, count }) =>
  searchNonces(challenge, difficulty, start, count);

export async function solveChallenge(challenge: QueueChallenge, options: SolveOptions = {}): Promise<string> {
  if (typeof Worker === 'undefined') return solveWith(mainThreadRunner, challenge, options);
  const { run, stop } = workerRunner();
  const onAbort = () => stop();
  options.signal?.addEventListener('abort', onAbort);
  try {
    return await solveWith(run, challenge, options);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop();
  }
}
