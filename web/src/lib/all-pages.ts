/**
 * Every item of a paged list (`?limit=`, `?cursor=`, `{ items, nextCursor }`), for the pickers and
 * short admin lists that want them all: 100 a request, the most a page may hold.
 */
import { api } from './api-client';

export async function getAllPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<{ items: T[]; nextCursor: string | null }>(path, { query: { limit: 100, cursor }, signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}
