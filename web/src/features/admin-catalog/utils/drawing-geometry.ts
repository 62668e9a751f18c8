/**
 * The drawn venue editor's geometry, as pure functions over the API's Layout. A drawn section keeps
 * its editor-only parameters in `section.draw` (position, angle, shape, curve, spacing, numbering)
 * and each row its slot count in `row.count`; the server keeps these fields as sent. Every seat's
 * `x`/`y` is always computed here, so the buyer's map draws the venue without knowing the editor.
 */
import { LAYOUT_PLANE, type Layout, type LayoutRow, type LayoutSeat, type LayoutSection } from '@iatichet/contracts';
import { rowLabel } from './layout-edit';

export const SHAPES = ['rows', 'table', 'standing'] as const;
export type Shape = (typeof SHAPES)[number];
export const NUMBERINGS = ['ltr', 'rtl', 'odd-even'] as const;
export type Numbering = (typeof NUMBERINGS)[number];

export interface SectionDrawing {
  shape: Shape;
  /** Centre of the section on the 0–1000 plane. */
  x: number;
  y: number;
  /** Degrees, clockwise. */
  angle: number;
  /** Degrees of arc the front row spans; 0 draws straight rows. */
  curve: number;
  seatSpacing: number;
  rowSpacing: number;
  numbering: Numbering;
  /** A standing area's rectangle. */
  width?: number;
  height?: number;
}

/** The stage: rows are ranked by their distance to it (lower rank, better row). */
export interface Stage {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const DEFAULT_DRAWING: SectionDrawing = {
  shape: 'rows',
  x: 500,
  y: 500,
  angle: 0,
  curve: 0,
  seatSpacing: 12,
  rowSpacing: 14,
  numbering: 'ltr',
};

type DrawnSection = LayoutSection & { draw?: SectionDrawing };
type CountedRow = LayoutRow & { count?: number };

export function drawingOf(section: LayoutSection): SectionDrawing | undefined {
  const draw = (section as DrawnSection).draw;
  return draw !== undefined && typeof draw === 'object' && SHAPES.includes(draw.shape) ? draw : undefined;
}

export function stageOf(layout: Layout | null): Stage | undefined {
  const stage = (layout as Record<string, unknown> | null)?.stage as Partial<Stage> | null | undefined;
  return typeof stage?.x === 'number' && typeof stage.y === 'number' ? (stage as Stage) : undefined;
}

/** Seat numbers by slot, left to right: 1..n, n..1, or odd numbers left of the centre and even ones right, both counting outwards. */
export function seatNumbers(count: number, numbering: Numbering): number[] {
  if (numbering === 'ltr') return Array.from({ length: count }, (_, slot) => slot + 1);
  if (numbering === 'rtl') return Array.from({ length: count }, (_, slot) => count - slot);
  const left = Math.ceil(count / 2);
  return Array.from({ length: count }, (_, slot) => (slot < left ? 2 * (left - slot) - 1 : 2 * (slot - left + 1)));
}

/**
 * Seat slots of a seated section in its own frame, the front row at y = 0 and later rows behind it
 * (larger y). Curved rows are concentric arcs around a centre in front of the section, so every row
 * faces the same point, as in a theatre; the seat spacing along each arc stays the same.
 */
export function rowSlots(
  counts: readonly number[],
  draw: Pick<SectionDrawing, 'curve' | 'seatSpacing' | 'rowSpacing'>,
): Point[][] {
  const { seatSpacing: s, rowSpacing } = draw;
  const arc = (Math.min(Math.max(draw.curve, 0), 180) * Math.PI) / 180;
  if (arc === 0)
    return counts.map((count, r) =>
      Array.from({ length: count }, (_, slot) => ({ x: (slot - (count - 1) / 2) * s, y: r * rowSpacing })),
    );
  const front = Math.max(((counts[0] ?? 1) - 1) * s, s);
  const radius0 = front / arc;
  return counts.map((count, r) => {
    const radius = radius0 + r * rowSpacing;
    const step = s / radius;
    return Array.from({ length: count }, (_, slot) => {
      const phi = (slot - (count - 1) / 2) * step;
      return { x: radius * Math.sin(phi), y: radius * Math.cos(phi) - radius0 };
    });
  });
}

/** Seats around a round table, the first at the top, clockwise. */
export function tableSlots(count: number, seatSpacing: number): Point[] {
  const radius = Math.max((count * seatSpacing) / (2 * Math.PI), seatSpacing);
  return Array.from({ length: count }, (_, slot) => {
    const phi = (2 * Math.PI * slot) / count - Math.PI / 2;
    return { x: radius * Math.cos(phi), y: radius * Math.sin(phi) };
  });
}

const clampToPlane = (value: number) => Math.round(Math.min(Math.max(value, 0), LAYOUT_PLANE) * 10) / 10;

/** From the section's frame to the plane: rotate by `angle`, move to (x, y), keep inside 0–1000. */
export function toPlane(point: Point, draw: Pick<SectionDrawing, 'x' | 'y' | 'angle'>): Point {
  const rad = (draw.angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(rad), Math.sin(rad)];
  return { x: clampToPlane(draw.x + point.x * cos - point.y * sin), y: clampToPlane(draw.y + point.x * sin + point.y * cos) };
}

export interface SectionSpec {
  name: string;
  shape: Shape;
  draw: SectionDrawing;
  /** Seat slots per row (aisles included); a table has one row. */
  rowCounts: number[];
  /** The category of seats that are new in this change, and a standing area's category. */
  category: string;
  capacity?: number;
}

function slotCount(row: CountedRow): number {
  return typeof row.count === 'number' && row.count > 0 ? row.count : Math.max(0, ...row.seats.map((seat) => seat.number));
}

/**
 * Builds (or rebuilds) a section from its spec. Seats of `previous` keep their category and
 * accessibility by slot, so changing numbering or curve repaints nothing; a slot that existed
 * before without a seat stays an aisle; slots added at the end of a row are new seats.
 */
export function buildSection(previous: LayoutSection | undefined, spec: SectionSpec): LayoutSection {
  const draw: SectionDrawing = { ...spec.draw, shape: spec.shape };
  const extra = { ...(previous ?? {}) } as Record<string, unknown>;
  delete extra.rows;
  delete extra.capacity;
  delete extra.kind;
  delete extra.category;
  if (spec.shape === 'standing')
    return {
      ...extra,
      name: spec.name,
      kind: 'standing',
      capacity: spec.capacity ?? 1,
      category: spec.category,
      draw,
    } as LayoutSection;
  const before = previous === undefined ? undefined : drawingOf(previous);
  const oldNumbering = before?.numbering ?? 'ltr';
  const slots = spec.shape === 'table' ? [tableSlots(spec.rowCounts[0] ?? 0, draw.seatSpacing)] : rowSlots(spec.rowCounts, draw);
  const rows = spec.rowCounts.map((count, r): CountedRow => {
    const old: CountedRow | undefined = previous?.rows?.[r];
    const oldCount = old === undefined ? 0 : slotCount(old);
    const bySlot = new Map<number, LayoutSeat>();
    if (old !== undefined) {
      const slotOf = new Map(seatNumbers(oldCount, oldNumbering).map((number, slot) => [number, slot]));
      for (const seat of old.seats) {
        const slot = slotOf.get(seat.number);
        if (slot !== undefined) bySlot.set(slot, seat);
      }
    }
    const numbers = seatNumbers(count, draw.numbering);
    const seats: LayoutSeat[] = [];
    for (let slot = 0; slot < count; slot++) {
      const kept = bySlot.get(slot);
      if (kept === undefined && slot < oldCount) continue; // an aisle
      const at = toPlane(slots[r]?.[slot] ?? { x: 0, y: 0 }, draw);
      seats.push({
        number: numbers[slot] ?? slot + 1,
        category: kept?.category ?? spec.category,
        x: at.x,
        y: at.y,
        ...(kept?.accessible ? { accessible: kept.accessible } : {}),
      });
    }
    return { ...(old ?? {}), label: old?.label ?? rowLabel(r), seats, count };
  });
  return { ...extra, name: spec.name, rows, draw } as LayoutSection;
}

/** The spec a drawn section was built from, to edit it in the inspector. */
export function specOf(section: LayoutSection): SectionSpec {
  const draw = drawingOf(section) ?? DEFAULT_DRAWING;
  const rows = (section.rows ?? []) as CountedRow[];
  const first = rows.flatMap((row) => row.seats)[0];
  return {
    name: section.name,
    shape: section.kind === 'standing' ? 'standing' : draw.shape,
    draw,
    rowCounts: rows.map(slotCount),
    category: section.category ?? first?.category ?? 'standard',
    ...(section.capacity === undefined ? {} : { capacity: section.capacity }),
  };
}

/** Shortest distance from a point to the stage's rectangle (0 on it). */
export function distanceToStage(point: Point, stage: Stage): number {
  const dx = Math.max(Math.abs(point.x - stage.x) - stage.width / 2, 0);
  const dy = Math.max(Math.abs(point.y - stage.y) - stage.height / 2, 0);
  return Math.hypot(dx, dy);
}

/**
 * Every row with placed seats gets `rank`: its seats' mean distance to the stage, rounded. Without
 * a stage, nothing changes; a section whose ranks are already right stays the same object.
 */
export function rankRowsByStage(layout: Layout): Layout {
  const stage = stageOf(layout);
  if (stage === undefined) return layout;
  const rankOf = (row: LayoutRow) => {
    const placed = row.seats.filter((seat) => seat.x !== undefined && seat.y !== undefined);
    if (placed.length === 0) return row.rank;
    const total = placed.reduce((sum, seat) => sum + distanceToStage({ x: seat.x ?? 0, y: seat.y ?? 0 }, stage), 0);
    return Math.round(total / placed.length);
  };
  return {
    ...layout,
    sections: layout.sections.map((section) => {
      if (section.rows === undefined) return section;
      const ranks = section.rows.map(rankOf);
      if (section.rows.every((row, r) => row.rank === ranks[r])) return section;
      return { ...section, rows: section.rows.map((row, r) => (row.rank === ranks[r] ? row : { ...row, rank: ranks[r] })) };
    }),
  };
}
