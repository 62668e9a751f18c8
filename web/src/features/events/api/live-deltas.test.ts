/**
 * The ?since= catch-up of a versioned seat map (use-live-event.ts): it asks from the version the
 * map is known whole at, merges the answer, writes live seats that arrived meanwhile on top of it
 * (an answer cached a moment earlier must not undo them), and runs one request at a time.
 */
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AvailabilityMessage, EventSeat } from '@iatichet/contracts';
import type { SeatMapState } from './seat-sync';

const calls: { since: number | undefined; resolve: (state: SeatMapState) => void; reject: (error: unknown) => void }[] = [];
vi.mock('./get-event-seats', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./get-event-seats')>()),
  getEventSeats: (_id: string, _signal?: AbortSignal, since?: number) =>
    new Promise<SeatMapState>((resolve, reject) => calls.push({ since, resolve, reject })),
}));
// The socket is not needed for the catch-up itself.
vi.mock('@/lib/realtime/socket', () => ({ getSocket: () => undefined, useSocketConnection: () => 0 }));

const { deltaCatchUp } = await import('./use-live-event');
const { eventSeatsQueryOptions } = await import('./get-event-seats');

const seat = (id: string, status: EventSeat['status'] = 'free'): EventSeat => ({
  id,
  section: 'A',
  row: '1',
  number: 1,
  category: 'standard',
  status,
});
const message = (seats: AvailabilityMessage['seats'], seatsVersion?: number): AvailabilityMessage => ({
  eventId: 'e1',
  remaining: 0,
  ticketTypes: [],
  seats,
  ...(seatsVersion === undefined ? {} : { seatsVersion }),
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('catching up a versioned seat map with ?since=', () => {
  let client: QueryClient;
  const key = eventSeatsQueryOptions('e1').queryKey;
  const statuses = () => client.getQueryData(key)?.seats.map((s) => `${s.id}:${s.status}`);

  beforeEach(() => {
    calls.length = 0;
    client = new QueryClient();
    client.setQueryData(key, { seats: [seat('a'), seat('b'), seat('c')], version: 100 });
  });

  it('asks since the known version and merges only the changed seats', async () => {
    const deltas = deltaCatchUp(client, 'e1');
    const run = deltas.run();
    expect(calls.map((c) => c.since)).toEqual([100]);
    calls[0]?.resolve({ seats: [seat('b', 'sold')], version: 140 });
    await run;
    expect(statuses()).toEqual(['a:free', 'b:sold', 'c:free']);
    expect(client.getQueryData(key)?.version).toBe(140);
  });

  it('writes live seats that arrived during the request on top of an older answer, but not ones the answer already has', async () => {
    const deltas = deltaCatchUp(client, 'e1');
    const run = deltas.run();
    // While asking: c is held (version 150, newer than the answer) and a was freed at 120 (older).
    deltas.seen(message([{ id: 'c', status: 'held' }], 150));
    deltas.seen(message([{ id: 'a', status: 'held' }], 120));
    // The answer (from a cache, at version 130) still shows c free and a sold.
    calls[0]?.resolve({ seats: [seat('a', 'sold'), seat('c')], version: 130 });
    await run;
    expect(statuses()).toEqual(['a:sold', 'b:free', 'c:held']);
  });

  it('runs one request at a time: asking again while one runs asks once more after it, from the new version', async () => {
    const deltas = deltaCatchUp(client, 'e1');
    const first = deltas.run();
    void deltas.run();
    void deltas.run();
    expect(calls).toHaveLength(1);
    calls[0]?.resolve({ seats: [], version: 200 });
    await first;
    await flush();
    expect(calls.map((c) => c.since)).toEqual([100, 200]);
  });

  it('leaves the map as it was when the request fails, and asks nothing for a map without a version', async () => {
    const deltas = deltaCatchUp(client, 'e1');
    const run = deltas.run();
    calls[0]?.reject(new Error('offline'));
    await run;
    expect(statuses()).toEqual(['a:free', 'b:free', 'c:free']);
    client.setQueryData(key, { seats: [seat('a')] });
    await deltas.run();
    expect(calls).toHaveLength(1);
  });

  it('drops an answer that arrives after the page stopped watching', async () => {
    const deltas = deltaCatchUp(client, 'e1');
    const run = deltas.run();
    deltas.stop();
    calls[0]?.resolve({ seats: [seat('a', 'sold')], version: 300 });
    await run;
    expect(statuses()).toEqual(['a:free', 'b:free', 'c:free']);
  });
});
