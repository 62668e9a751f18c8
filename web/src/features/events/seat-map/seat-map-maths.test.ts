import { describe, expect, it } from 'vitest';
import type { EventSeat } from '@iatichet/contracts';
import { placeSeats } from './geometry';
import { fitView, panBy, SeatIndex, toPlane, toScreen, visibleBox, zoomAt } from './viewport';
import { companionFor } from './companions';

function seat(id: string, section: string, row: string, number: number, extra: Partial<EventSeat> = {}): EventSeat {
  return { id, section, row, number, category: 'standard', status: 'free', ...extra };
}

/** A stadium-like drawn map: `sections` blocks of 20 rows × 50 seats. */
function stadium(sections: number): EventSeat[] {
  const out: EventSeat[] = [];
  for (let s = 0; s < sections; s++)
    for (let r = 0; r < 20; r++)
      for (let n = 1; n <= 50; n++)
        out.push(
          seat(`s${s}-${r}-${n}`, `S${s}`, String(r + 1), n, { x: (s % 5) * 200 + n * 3.5, y: Math.floor(s / 5) * 250 + r * 5 }),
        );
  return out;
}

describe('placing seats', () => {
  it('keeps drawn positions and sizes seats under half the gap between neighbours', () => {
    const map = placeSeats(stadium(2));
    const first = map.seats.find((p) => p.seat.id === 's1-0-1');
    expect(first).toMatchObject({ x: 203.5, y: 0 });
    expect(map.seatRadius).toBeGreaterThan(1);
    expect(map.seatRadius).toBeLessThan(3.5 / 2);
    expect(map.sections.map((s) => s.name)).toEqual(['S0', 'S1']);
  });

  it('lays out a grid layout (no x/y) by section, row and number, sections apart', () => {
    const seats = [seat('b', 'A', '1', 2), seat('a', 'A', '1', 1), seat('c', 'A', '2', 1), seat('d', 'B', '1', 1)];
    const map = placeSeats(seats);
    const at = (id: string) => map.seats.find((p) => p.seat.id === id);
    expect(at('a')?.x).toBeLessThan(at('b')?.x ?? 0);
    expect(at('c')?.y).toBeGreaterThan(at('a')?.y ?? 0);
    const [a, b] = map.sections;
    expect(a !== undefined && b !== undefined && (a.box.maxX < b.box.minX || a.box.maxY < b.box.minY)).toBe(true);
  });

  it('treats a map with some positions missing as a grid rather than piling seats at 0,0', () => {
    const map = placeSeats([seat('a', 'A', '1', 1, { x: 500, y: 500 }), seat('b', 'A', '1', 2)]);
    expect(new Set(map.seats.map((p) => `${p.x},${p.y}`)).size).toBe(2);
  });
});

describe('the view', () => {
  const size = { width: 390, height: 500 };

  it('round-trips between screen and plane', () => {
    const view = { scale: 2.5, offsetX: -40, offsetY: 13 };
    const screen = toScreen(view, 123, 456);
    expect(toPlane(view, screen.x, screen.y)).toEqual({
      x: expect.closeTo(123, 6) as number,
      y: expect.closeTo(456, 6) as number,
    });
  });

  it('fits a box centred inside the padding', () => {
    const view = fitView({ minX: 0, minY: 0, maxX: 1000, maxY: 500 }, size, 10);
    expect(view.scale).toBeCloseTo(0.37, 5);
    expect(toScreen(view, 500, 250)).toEqual({ x: expect.closeTo(195, 6) as number, y: expect.closeTo(250, 6) as number });
    expect(toScreen(view, 0, 0).x).toBeCloseTo(10, 6);
  });

  it('zooms about the pinch point, within limits', () => {
    const view = { scale: 1, offsetX: 0, offsetY: 0 };
    const zoomed = zoomAt(view, 3, 100, 200, 0.5, 2);
    expect(zoomed.scale).toBe(2);
    expect(toPlane(zoomed, 100, 200)).toEqual({ x: 100, y: 200 });
    expect(zoomAt(view, 0.01, 0, 0, 0.5, 2).scale).toBe(0.5);
  });

  it('culls: only seats in the visible box come back, the same ones a full scan finds', () => {
    const map = placeSeats(stadium(20)); // 20,000 seats
    expect(map.seats).toHaveLength(20_000);
    const index = new SeatIndex(map.seats, 20);
    const view = zoomAt(fitView(map.bounds, size), 8, 100, 100, 0.01, 100);
    const box = visibleBox(view, size, map.seatRadius);
    const seen = index.within(box);
    const scanned = map.seats.filter((p) => p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(map.seats.length / 10);
    expect(new Set(seen.map((p) => p.seat.id))).toEqual(new Set(scanned.map((p) => p.seat.id)));
    // Panned far away: nothing to draw.
    expect(index.within(visibleBox(panBy(view, 100_000, 0), size))).toEqual([]);
    // The whole map in view (overview): every seat.
    expect(index.within(visibleBox(fitView(map.bounds, size), size, 1))).toHaveLength(20_000);
  });

  it('hit-tests the nearest seat within the radius only', () => {
    const map = placeSeats(stadium(1));
    const index = new SeatIndex(map.seats, 20);
    expect(index.nearest(3.5 * 3 + 0.4, 5 * 2 - 0.3, 1.5)?.seat.id).toBe('s0-2-3');
    expect(index.nearest(3.5 * 3 + 1.75, 2.5, 1)).toBeUndefined();
  });
});

describe('companion seats', () => {
  const wheelchair = seat('w', 'A', '1', 5, { accessible: 'wheelchair' });
  it('offers the free companion in the same row, nearest first', () => {
    const seats = [
      wheelchair,
      seat('far', 'A', '1', 9, { accessible: 'companion' }),
      seat('near', 'A', '1', 6, { accessible: 'companion' }),
      seat('other-row', 'A', '2', 5, { accessible: 'companion' }),
      seat('plain', 'A', '1', 4),
    ];
    expect(companionFor(wheelchair, seats)?.id).toBe('near');
    expect(companionFor(wheelchair, seats, new Set(['near']))?.id).toBe('far');
  });
  it('skips held companions and other sections, and offers nothing for a plain seat', () => {
    const seats = [
      wheelchair,
      seat('held', 'A', '1', 6, { accessible: 'companion', status: 'held' }),
      seat('b', 'B', '1', 4, { accessible: 'companion' }),
    ];
    expect(companionFor(wheelchair, seats)).toBeUndefined();
    expect(companionFor(seat('p', 'A', '1', 1), [seat('c', 'A', '1', 2, { accessible: 'companion' })])).toBeUndefined();
  });
});
