import { describe, expect, it } from 'vitest';
import type { Layout } from '@iatichet/contracts';
import {
  buildSection,
  DEFAULT_DRAWING,
  distanceToStage,
  rankRowsByStage,
  rowSlots,
  seatNumbers,
  specOf,
  tableSlots,
  type SectionSpec,
} from './drawing-geometry';
import {
  changeSeats,
  gridPlacements,
  importGridSection,
  moveSection,
  putSection,
  seatKey,
  seatsInRect,
  setStage,
  withDefaultPositions,
} from './drawing-edit';
import { record, redo, startHistory, undo, HISTORY_LIMIT } from './drawing-history';
import { addSection, removeSeat } from './layout-edit';

const spec = (over: Partial<SectionSpec> = {}): SectionSpec => ({
  name: 'Stalls',
  shape: 'rows',
  draw: { ...DEFAULT_DRAWING, ...over.draw },
  rowCounts: [5, 5],
  category: 'standard',
  ...over,
});
const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

describe('seat numbering', () => {
  it('numbers left to right, right to left, and odd left / even right of the centre counting outwards', () => {
    expect(seatNumbers(5, 'ltr')).toEqual([1, 2, 3, 4, 5]);
    expect(seatNumbers(5, 'rtl')).toEqual([5, 4, 3, 2, 1]);
    expect(seatNumbers(6, 'odd-even')).toEqual([5, 3, 1, 2, 4, 6]);
    expect(seatNumbers(5, 'odd-even')).toEqual([5, 3, 1, 2, 4]);
    for (const count of [1, 2, 7, 40]) expect(new Set(seatNumbers(count, 'odd-even')).size).toBe(count);
  });
});

describe('rows', () => {
  it('lays straight rows out evenly, centred, one row spacing apart', () => {
    const [front, back] = rowSlots([3, 3], { curve: 0, seatSpacing: 10, rowSpacing: 20 });
    expect(front).toEqual([
      { x: -10, y: 0 },
      { x: 0, y: 0 },
      { x: 10, y: 0 },
    ]);
    expect(back?.map((p) => p.y)).toEqual([20, 20, 20]);
  });

  it('bends curved rows into concentric arcs: same spacing along the arc, ends towards the stage, rows the row spacing apart', () => {
    const rows = rowSlots([9, 11], { curve: 60, seatSpacing: 10, rowSpacing: 20 });
    const front = rows[0] ?? [];
    // The front row's first and last seats span 60 degrees of arc around one centre.
    const radius = 80 / (Math.PI / 3);
    const centre = { x: 0, y: -radius };
    for (const p of front) expect(near(Math.hypot(p.x - centre.x, p.y - centre.y), radius)).toBe(true);
    for (const p of rows[1] ?? []) expect(near(Math.hypot(p.x - centre.x, p.y - centre.y), radius + 20)).toBe(true);
    expect(front[4]).toEqual({ x: 0, y: 0 });
    expect(front[0]?.y).toBeLessThan(0);
    expect(near(front[0]?.x ?? 0, -(front[8]?.x ?? 0))).toBe(true);
    // Chord between neighbours is a little under the arc spacing.
    const chord = Math.hypot((front[1]?.x ?? 0) - (front[0]?.x ?? 0), (front[1]?.y ?? 0) - (front[0]?.y ?? 0));
    expect(chord).toBeGreaterThan(9.9);
    expect(chord).toBeLessThan(10);
  });

  it('puts a table’s seats on a circle, evenly, the first at the top', () => {
    const seats = tableSlots(8, 12);
    const radius = Math.hypot(seats[0]?.x ?? 0, seats[0]?.y ?? 0);
    expect(near(seats[0]?.x ?? 1, 0)).toBe(true);
    expect(seats[0]?.y).toBeLessThan(0);
    for (const p of seats) expect(near(Math.hypot(p.x, p.y), radius)).toBe(true);
    expect(radius).toBeCloseTo((8 * 12) / (2 * Math.PI));
  });
});

describe('building a section', () => {
  it('places every seat on the plane, rotated and moved, inside 0–1000', () => {
    const section = buildSection(
      undefined,
      spec({ draw: { ...DEFAULT_DRAWING, x: 100, y: 200, angle: 90, seatSpacing: 10 }, rowCounts: [3] }),
    );
    expect(section.rows?.[0]?.seats.map(({ x, y }) => [x, y])).toEqual([
      [100, 190],
      [100, 200],
      [100, 210],
    ]);
    const edge = buildSection(undefined, spec({ draw: { ...DEFAULT_DRAWING, x: 0, y: 0 }, rowCounts: [3] }));
    for (const seat of edge.rows?.[0]?.seats ?? [])
      expect([seat.x, seat.y].every((v) => v !== undefined && v >= 0 && v <= 1000)).toBe(true);
  });

  it('keeps painted seats, accessibility and aisles by slot when the numbering or curve changes', () => {
    const first = buildSection(undefined, spec({ rowCounts: [4] }));
    const layout: Layout = { sections: [first] };
    const painted = changeSeats(layout, new Set([seatKey(0, 0, 1)]), (seat) => ({
      ...seat,
      category: 'premium',
      accessible: 'wheelchair',
    }));
    const aisle = changeSeats(painted, new Set([seatKey(0, 0, 3)]), () => null);
    const rebuilt = buildSection(
      aisle.sections[0],
      spec({ rowCounts: [5], draw: { ...DEFAULT_DRAWING, numbering: 'rtl', curve: 30 } }),
    );
    const seats = rebuilt.rows?.[0]?.seats ?? [];
    // Slots 0,1,3 kept, slot 2 an aisle, slot 4 new; right to left numbers 5..1.
    expect(seats.map((seat) => [seat.number, seat.category, seat.accessible ?? null])).toEqual([
      [5, 'premium', 'wheelchair'],
      [4, 'standard', null],
      [2, 'standard', null],
      [1, 'standard', null],
    ]);
    expect((rebuilt.rows?.[0] as { count?: number }).count).toBe(5);
  });

  it('makes a table of N seats and a standing area with capacity and category', () => {
    const table = buildSection(undefined, spec({ name: 'Table 1', shape: 'table', rowCounts: [6] }));
    expect(table.rows?.length).toBe(1);
    expect(table.rows?.[0]?.seats.map((seat) => seat.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const standing = buildSection(
      undefined,
      spec({ name: 'Pit', shape: 'standing', rowCounts: [], capacity: 300, category: 'standing' }),
    );
    expect(standing).toMatchObject({ name: 'Pit', kind: 'standing', capacity: 300, category: 'standing' });
    expect(standing.rows).toBeUndefined();
    expect(specOf(standing)).toMatchObject({ shape: 'standing', capacity: 300, category: 'standing' });
  });
});

describe('rank from the stage', () => {
  it('measures distance to the stage rectangle and ranks nearer rows lower', () => {
    const stage = { x: 500, y: 50, width: 200, height: 40 };
    expect(distanceToStage({ x: 550, y: 60 }, stage)).toBe(0);
    expect(distanceToStage({ x: 500, y: 170 }, stage)).toBe(100);
    const layout = putSection(null, 0, spec({ draw: { ...DEFAULT_DRAWING, y: 200, rowSpacing: 20 }, rowCounts: [3, 3, 3] }));
    const ranked = setStage(layout, stage);
    expect(ranked.sections[0]?.rows?.map((row) => row.rank)).toEqual([130, 150, 170]);
    expect(rankRowsByStage(layout)).toBe(layout);
  });
});

describe('old grid layouts', () => {
  const grid = removeSeat(
    addSection(addSection(null, { name: 'A', rows: 2, seatsPerRow: 4, category: 'standard' }), {
      name: 'B',
      rows: 1,
      seatsPerRow: 3,
      category: 'premium',
    }),
    { section: 0, row: 0, number: 2 },
  ) as Layout;

  it('get x/y on save and nothing else changes; placed layouts come back as they were', () => {
    const saved = withDefaultPositions(grid);
    const strip = (layout: Layout) =>
      layout.sections.map((s) => ({
        ...s,
        rows: s.rows?.map((r) => ({ ...r, seats: r.seats.map(({ number, category }) => ({ number, category })) })),
      }));
    expect(strip(saved)).toEqual(grid.sections);
    expect(
      saved.sections.every((s) => s.rows?.every((r) => r.seats.every((seat) => seat.x !== undefined && seat.y !== undefined))),
    ).toBe(true);
    expect(Object.keys(saved.sections[0] ?? {}).sort()).toEqual(['name', 'rows']);
    // Section B sits below A.
    expect(saved.sections[1]?.rows?.[0]?.seats[0]?.y).toBeGreaterThan(saved.sections[0]?.rows?.[1]?.seats[0]?.y ?? 1000);
    expect(withDefaultPositions(saved)).toBe(saved);
  });

  it('import into the drawing keeps labels, numbers (a gap becomes an aisle) and categories', () => {
    const placement = gridPlacements(grid).get(0) ?? DEFAULT_DRAWING;
    const drawn = importGridSection(grid.sections[0] ?? { name: 'x' }, placement);
    expect(drawn.rows?.map((row) => [row.label, row.seats.map((seat) => seat.number)])).toEqual([
      ['A', [1, 3, 4]],
      ['B', [1, 2, 3, 4]],
    ]);
    const moved = moveSection(grid, 0, 10, 0);
    expect(moved.sections[0]?.rows?.[0]?.seats.map((seat) => seat.number)).toEqual([1, 3, 4]);
    expect(moved.sections[1]).toBe(grid.sections[1]);
  });

  it('selects placed seats inside a rectangle', () => {
    const layout = putSection(
      null,
      0,
      spec({ draw: { ...DEFAULT_DRAWING, x: 500, y: 500, seatSpacing: 10 }, rowCounts: [5, 5] }),
    );
    const keys = seatsInRect(layout, { x1: 511, y1: 516, x2: 489, y2: 490 });
    expect(keys.sort()).toEqual(['0.0.2', '0.0.3', '0.0.4', '0.1.2', '0.1.3', '0.1.4']);
  });
});

describe('redrawing only what changed', () => {
  it('moving one section (stage set) leaves the other sections the same objects; grid placement is reused', () => {
    let layout = putSection(null, 0, spec({ name: 'Left', draw: { ...DEFAULT_DRAWING, x: 300 } }));
    layout = putSection(layout, 1, spec({ name: 'Right', draw: { ...DEFAULT_DRAWING, x: 700 } }));
    layout = setStage(layout, { x: 500, y: 50, width: 300, height: 40 });
    const moved = moveSection(layout, 0, 0, 50);
    expect(moved.sections[1]).toBe(layout.sections[1]);
    expect(moved.sections[0]).not.toBe(layout.sections[0]);
    expect(moved.sections[0]?.rows?.[0]?.rank).toBeGreaterThan(layout.sections[0]?.rows?.[0]?.rank ?? Infinity);
    const grid = addSection(null, { name: 'G', rows: 2, seatsPerRow: 3, category: 'standard' });
    expect(withDefaultPositions(grid).sections[0]).toBe(withDefaultPositions({ ...grid }).sections[0]);
  });
});

describe('undo and redo', () => {
  it('steps back and forward, and a new change drops the redo branch', () => {
    let history = startHistory('a');
    history = record(record(history, 'b'), 'c');
    history = undo(undo(history));
    expect(history.present).toBe('a');
    expect(undo(history)).toBe(history);
    history = redo(history);
    expect(history.present).toBe('b');
    history = record(history, 'd');
    expect(history).toEqual({ past: ['a', 'b'], present: 'd', future: [] });
    expect(redo(history)).toBe(history);
  });

  it('keeps at most the limit of past states and ignores a change to the same value', () => {
    let history = startHistory(0);
    for (let n = 1; n <= HISTORY_LIMIT + 20; n++) history = record(history, n);
    expect(history.past.length).toBe(HISTORY_LIMIT);
    expect(history.past[0]).toBe(20);
    expect(record(history, history.present)).toBe(history);
  });
});
