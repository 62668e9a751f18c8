/** Which seats best available picks (reservations/best-available.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { pickBest } from '../../src/reservations/best-available.js';
import type { TypeSeat } from '../../src/reservations/inventory-seats.js';

/** Rows of seats in layout order; `taken` lists "row:number" seats that are not free. */
function hall(
  rows: { label: string; seats: number; rank?: number }[],
  taken: string[] = [],
  accessible: string[] = [],
): TypeSeat[] {
  let position = 0;
  return rows.flatMap((r) =>
    Array.from({ length: r.seats }, (_, n) => ({
      id: `${r.label}:${n + 1}`,
      section: 'Stalls',
      row_label: r.label,
      number: n + 1,
      position: position++,
      row_rank: r.rank ?? null,
      status: taken.includes(`${r.label}:${n + 1}`) ? 'held' : 'free',
      accessible: accessible.includes(`${r.label}:${n + 1}`) ? 'wheelchair' : null,
    })),
  );
}

const ids = (seats: TypeSeat[] | undefined) => seats?.map((s) => s.id);

describe('best available picks', () => {
  it('takes the block nearest the middle of the first row in layout order', () => {
    expect(
      ids(
        pickBest(
          hall([
            { label: 'A', seats: 10 },
            { label: 'B', seats: 10 },
          ]),
          2,
          new Set(),
        ),
      ),
    ).toEqual(['A:5', 'A:6']);
  });

  it('tries rows by rank first, lower is better, rows without a rank last', () => {
    const seats = hall([
      { label: 'A', seats: 4 },
      { label: 'B', seats: 4, rank: 2 },
      { label: 'C', seats: 4, rank: 1 },
    ]);
    expect(ids(pickBest(seats, 4, new Set()))).toEqual(['C:1', 'C:2', 'C:3', 'C:4']);
    expect(ids(pickBest(seats, 2, new Set(['C:1', 'C:2', 'C:3'])))).toEqual(['B:2', 'B:3']);
  });

  it('never splits a block across a taken seat, going to the next row instead', () => {
    const seats = hall(
      [
        { label: 'A', seats: 5 },
        { label: 'B', seats: 5 },
      ],
      ['A:3'],
    );
    expect(ids(pickBest(seats, 3, new Set()))).toEqual(['B:2', 'B:3', 'B:4']);
    expect(ids(pickBest(seats, 2, new Set()))).toEqual(['A:1', 'A:2']);
  });

  it('leaves wheelchair and companion seats alone and seats already given in this transaction', () => {
    const seats = hall([{ label: 'A', seats: 4 }], [], ['A:2']);
    expect(ids(pickBest(seats, 2, new Set()))).toEqual(['A:3', 'A:4']);
    expect(ids(pickBest(seats, 2, new Set(['A:4'])))).toEqual(['A:1', 'A:3']);
    expect(pickBest(seats, 2, new Set(['A:3', 'A:4']))).toBeUndefined();
  });

  it("breaks a block at a seat of another category (the type's seats skip it), taking a block of seats side by side", () => {
    // Row A: 1, 2 standard, 3 premium (not this type's, so not among its seats), 4, 5 standard.
    const seats = hall([{ label: 'A', seats: 5 }]).filter((s) => s.number !== 3);
    const picked = pickBest(seats, 2, new Set());
    expect(ids(picked)).not.toEqual(['A:2', 'A:4']);
    expect(picked?.[1]?.position).toBe((picked?.[0]?.position ?? 0) + 1);
    // And a block too long for either side is not made across it: the seats are gathered instead.
    expect(ids(pickBest(seats, 3, new Set()))).toEqual(['A:1', 'A:2', 'A:4']);
    expect(
      ids(
        pickBest([...seats, ...hall([{ label: 'B', seats: 3 }]).map((s) => ({ ...s, position: s.position + 10 }))], 3, new Set()),
      ),
    ).toEqual(['B:1', 'B:2', 'B:3']);
  });

  it('gathers seats as close together as it can when no row has a block, else answers undefined', () => {
    const seats = hall(
      [
        { label: 'A', seats: 3 },
        { label: 'B', seats: 3 },
      ],
      ['A:2', 'B:2'],
    );
    expect(ids(pickBest(seats, 3, new Set()))).toEqual(['A:1', 'A:3', 'B:1']);
    expect(pickBest(seats, 5, new Set())).toBeUndefined();
  });
});
