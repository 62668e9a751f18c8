import { describe, expect, it } from 'vitest';
import type { EventSeat } from '@iatichet/contracts';
import { applyLive, applySeatChanges, decideLive, mergeSince, type SeatMapState } from './seat-sync';

const seat = (id: string, status: EventSeat['status'] = 'free'): EventSeat => ({
  id,
  section: 'A',
  row: '1',
  number: 1,
  category: 'standard',
  status,
});
const state = (version?: number): SeatMapState => ({ seats: [seat('a'), seat('b'), seat('c')], version });

describe('seat deltas', () => {
  it('writes only the changed seats and keeps the others (same objects)', () => {
    const before = state(10);
    const after = applySeatChanges(before, [{ id: 'b', status: 'held' }]);
    expect(after.seats.map((s) => s.status)).toEqual(['free', 'held', 'free']);
    expect(after.seats[0]).toBe(before.seats[0]);
    expect(before.seats[1]?.status).toBe('free');
  });

  it('answers the same state when a delta changes nothing (no re-render)', () => {
    const before = state(10);
    expect(applySeatChanges(before, [{ id: 'a', status: 'free' }])).toBe(before);
    expect(applySeatChanges(before, [{ id: 'unknown', status: 'sold' }])).toBe(before);
  });

  it('a live message moves the version on, never back', () => {
    expect(applyLive(state(10), { seats: [{ id: 'a', status: 'sold' }], seatsVersion: 15 }).version).toBe(15);
    expect(applyLive(state(10), { seats: [{ id: 'a', status: 'sold' }], seatsVersion: 5 }).version).toBe(10);
  });

  it('merges a ?since= answer: replaces by id, adds new seats, keeps the highest version', () => {
    const merged = mergeSince(state(10), { seats: [seat('c', 'sold'), seat('d', 'held')], version: 20 });
    expect(merged.seats.map((s) => `${s.id}:${s.status}`)).toEqual(['a:free', 'b:free', 'c:sold', 'd:held']);
    expect(merged.version).toBe(20);
    expect(mergeSince(state(30), { seats: [], version: 20 }).version).toBe(30);
  });
});

describe('deciding what a live message needs', () => {
  it('applies in-order messages without asking the server', () => {
    expect(decideLive(state(10), { seatsVersion: 11 })).toBe('apply');
    expect(decideLive(state(10), { seatsVersion: 10 })).toBe('apply');
  });
  it('asks ?since= when versions go back (out of order: something may be missing)', () => {
    expect(decideLive(state(10), { seatsVersion: 9 })).toBe('catchUp');
  });
  it('falls back to a whole refetch only when there is no version to go by', () => {
    expect(decideLive(state(undefined), { seatsVersion: 9 })).toBe('refetch');
    expect(decideLive(state(10), {})).toBe('refetch');
    expect(decideLive(undefined, { seatsVersion: 9 })).toBe('refetch');
  });
});
