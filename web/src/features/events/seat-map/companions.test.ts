import { describe, expect, it } from 'vitest';
import type { EventSeat } from '@iatichet/contracts';
import { companionFor, companionRoom, withoutLoneCompanions } from './companions';

const seat = (id: string, extra: Partial<EventSeat> = {}): EventSeat => ({
  id,
  section: 'A',
  row: '1',
  number: Number(id.replace(/\D/g, '')) || 1,
  category: 'standard',
  status: 'free',
  ...extra,
});

const wheelchairA = seat('w1', { accessible: 'wheelchair' });
const wheelchairA2 = seat('w2', { accessible: 'wheelchair' });
const companionA = seat('c1', { accessible: 'companion' });
const companionA2 = seat('c2', { accessible: 'companion' });
const companionB = seat('c3', { section: 'B', accessible: 'companion' });
const plain = seat('p1');
const all = new Map([wheelchairA, wheelchairA2, companionA, companionA2, companionB, plain].map((s) => [s.id, s]));

describe('companion seats go with wheelchair places (the server refuses one alone)', () => {
  it('has room for one companion per wheelchair place of the same section', () => {
    expect(companionRoom('A', [])).toBe(0);
    expect(companionRoom('A', [plain])).toBe(0);
    expect(companionRoom('A', [wheelchairA])).toBe(1);
    expect(companionRoom('A', [wheelchairA, companionA])).toBe(0);
    expect(companionRoom('A', [wheelchairA, wheelchairA2, companionA])).toBe(1);
    // A place in another section makes no room here.
    expect(companionRoom('B', [wheelchairA])).toBe(0);
    expect(companionRoom('B', [wheelchairA, companionB])).toBe(-1);
  });

  it('drops the companions that lost their place, the latest chosen first, and keeps the rest in order', () => {
    const seatOf = (id: string) => all.get(id);
    expect(withoutLoneCompanions(['p1', 'c1', 'c2', 'w2'], seatOf)).toEqual({ kept: ['p1', 'c1', 'w2'], dropped: [companionA2] });
    expect(withoutLoneCompanions(['c1', 'p1'], seatOf)).toEqual({ kept: ['p1'], dropped: [companionA] });
    expect(withoutLoneCompanions(['w1', 'c1', 'w2', 'c2'], seatOf)).toEqual({ kept: ['w1', 'c1', 'w2', 'c2'], dropped: [] });
    expect(withoutLoneCompanions(['w1', 'c3'], seatOf)).toEqual({ kept: ['w1'], dropped: [companionB] });
  });

  it('offers the free companion of the same section, none when it is chosen already', () => {
    expect(companionFor(wheelchairA, [...all.values()])?.id).toBe('c1');
    expect(companionFor(wheelchairA, [...all.values()], new Set(['c1', 'c2']))).toBeUndefined();
    expect(companionFor(plain, [...all.values()])).toBeUndefined();
  });
});
