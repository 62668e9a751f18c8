/**
 * The proof-of-work Web Worker: answers each batch request with the solution or null, keeping the
 * page's thread free for the position, the countdown and a screen reader while the hashes run.
 */
import { searchNonces } from './pow-search';

export interface PowBatchRequest {
  challenge: string;
  difficulty: number;
  start: number;
  count: number;
}

export interface PowBatchAnswer {
  start: number;
  count: number;
  solution: string | null;
}

self.onmessage = async (message: MessageEvent<PowBatchRequest>) => {
  const { challenge, difficulty, start, count } = message.data;
  const solution = await searchNonces(challenge, difficulty, start, count);
  const answer: PowBatchAnswer = { start, count, solution };
  self.postMessage(answer);
};
