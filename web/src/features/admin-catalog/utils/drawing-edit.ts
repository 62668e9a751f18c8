/**
 * Edits the drawn venue editor makes to a Layout: grid sections placed on the plane (import),
 * sections added, moved and rebuilt, seats selected by rectangle and painted, the stage set.
 * Each returns a new layout and leaves untouched sections as the same objects, so the canvas
 * redraws only the sections that changed.
 */
import type { Layout, LayoutSeat, LayoutSection } from '@iatichet/contracts';
import {
  buildSection,
  DEFAULT_DRAWING,
  drawingOf,
  rankRowsByStage,
  specOf,
  type SectionDrawing,
  type SectionSpec,
  type Stage,
} from './drawing-geometry';

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where a grid section (no `draw`) sits on the plane: grid sections are stacked top to bottom, in layout order. */
export function gridPlacements(layout: Layout): Map<number, SectionDrawing> {
  const grid = layout.sections
    .map((section, index) => ({ section, index }))
    .filter(({ section }) => drawingOf(section) === undefined && section.kind !== 'standing');
  const placements = new Map<number, SectionDrawing>();
  if (grid.length === 0) return placements;
  const slots = (section: LayoutSection) =>
    (section.rows ?? []).map((row) => Math.max(1, ...row.seats.map((seat) => seat.number)));
  const widest = Math.max(1, ...grid.flatMap(({ section }) => slots(section)));
  const rows = grid.reduce((sum, { section }) => sum + Math.max((section.rows ?? []).length, 1), 0);
  const gap = 30;
  const seatSpacing = Math.max(Math.min(12, 900 / widest, (800 - gap * (grid.length - 1)) / (rows * 1.2)), 0.05);
  const rowSpacing = seatSpacing * 1.2;
  let top = 150;
  for (const { section, index } of grid) {
    placements.set(index, { ...DEFAULT_DRAWING, x: 500, y: top, seatSpacing, rowSpacing });
    top += Math.max((section.rows ?? []).length, 1) * rowSpacing + gap;
  }
  return placements;
}

// The last import of each grid section: the canvas asks again on every edit, and a big grid
// section must come back as the same object to skip its redraw.
const imported = new WeakMap<LayoutSection, { placement: string; result: LayoutSection }>();

/** A grid section turned into a drawn one: same rows, labels, numbers (gaps stay aisles) and categories, now with x/y. */
export function importGridSection(section: LayoutSection, placement: SectionDrawing): LayoutSection {
  const key = JSON.stringify(placement);
  const cached = imported.get(section);
  if (cached?.placement === key) return cached.result;
  const spec = specOf(section);
  const result = buildSection(section, { ...spec, shape: 'rows', draw: { ...placement, numbering: 'ltr', curve: 0 } });
  imported.set(section, { placement: key, result });
  return result;
}

const placedGrid = new WeakMap<LayoutSection, { placement: string; result: LayoutSection }>();

/** The grid section with x/y on the seats that lack them (cached like imports, for the same reason). */
function placeGridSeats(section: LayoutSection, placement: SectionDrawing): LayoutSection {
  const key = JSON.stringify(placement);
  const cached = placedGrid.get(section);
  if (cached?.placement === key) return cached.result;
  const placed = importGridSection(section, placement);
  const result = {
    ...section,
    rows: (section.rows ?? []).map((row, r) => {
      const byNumber = new Map((placed.rows?.[r]?.seats ?? []).map((seat) => [seat.number, seat]));
      return {
        ...row,
        seats: row.seats.map((seat) => {
          const at = byNumber.get(seat.number);
          return seat.x !== undefined && seat.y !== undefined ? seat : { ...seat, x: at?.x ?? 0, y: at?.y ?? 0 };
        }),
      };
    }),
  };
  placedGrid.set(section, { placement: key, result });
  return result;
}

/**
 * The layout as saved: a seat without x/y (an old grid layout) gets the grid placement's, and
 * nothing else changes; a layout whose seats are all placed comes back as the same object.
 */
export function withDefaultPositions(layout: Layout): Layout {
  const placements = gridPlacements(layout);
  const sections = layout.sections.map((section, index) => {
    const placement = placements.get(index);
    const unplaced = (section.rows ?? []).some((row) => row.seats.some((seat) => seat.x === undefined || seat.y === undefined));
    if (placement === undefined || !unplaced) return section;
    return placeGridSeats(section, placement);
  });
  return sections.some((section, index) => section !== layout.sections[index]) ? { ...layout, sections } : layout;
}

/** A section drawn, rebuilt from a spec, or replaced; rows are re-ranked when a stage is set. */
export function putSection(layout: Layout | null, index: number, spec: SectionSpec): Layout {
  const sections = [...(layout?.sections ?? [])];
  const previous = sections[index];
  const current =
    previous !== undefined && drawingOf(previous) === undefined && previous.kind !== 'standing' && layout !== null
      ? importGridSection(previous, gridPlacements(layout).get(index) ?? DEFAULT_DRAWING)
      : previous;
  sections[index] = buildSection(current, spec);
  return rankRowsByStage({ ...(layout ?? {}), sections });
}

/** The section's spec as the inspector shows it; a grid section gets its grid placement. */
export function sectionSpec(layout: Layout, index: number): SectionSpec | undefined {
  const section = layout.sections[index];
  if (section === undefined) return undefined;
  const spec = specOf(section);
  const placement = drawingOf(section) === undefined ? gridPlacements(layout).get(index) : undefined;
  return placement === undefined ? spec : { ...spec, draw: placement };
}

export function moveSection(layout: Layout, index: number, dx: number, dy: number): Layout {
  const spec = sectionSpec(layout, index);
  if (spec === undefined) return layout;
  const clamp = (value: number) => Math.round(Math.min(Math.max(value, 0), 1000));
  return putSection(layout, index, { ...spec, draw: { ...spec.draw, x: clamp(spec.draw.x + dx), y: clamp(spec.draw.y + dy) } });
}

export function deleteSection(layout: Layout, index: number): Layout | null {
  const sections = layout.sections.filter((_, s) => s !== index);
  return sections.length === 0 ? null : { ...layout, sections };
}

export function setStage(layout: Layout, stage: Stage | null): Layout {
  if (stage !== null) return rankRowsByStage({ ...layout, stage } as Layout);
  const rest = { ...layout } as Layout & { stage?: Stage };
  delete rest.stage;
  return rest;
}

/** `section.row.number`: a seat's key in a selection. */
export const seatKey = (section: number, row: number, number: number) => `${section}.${row}.${number}`;

/** Keys of the placed seats inside the rectangle (corners in any order). */
export function seatsInRect(layout: Layout, rect: Rect): string[] {
  const [left, right] = [Math.min(rect.x1, rect.x2), Math.max(rect.x1, rect.x2)];
  const [top, bottom] = [Math.min(rect.y1, rect.y2), Math.max(rect.y1, rect.y2)];
  const keys: string[] = [];
  layout.sections.forEach((section, s) =>
    (section.rows ?? []).forEach((row, r) => {
      for (const seat of row.seats)
        if (
          seat.x !== undefined &&
          seat.y !== undefined &&
          seat.x >= left &&
          seat.x <= right &&
          seat.y >= top &&
          seat.y <= bottom
        )
          keys.push(seatKey(s, r, seat.number));
    }),
  );
  return keys;
}

/** Applies `change` to every selected seat (null takes it away, leaving an aisle); untouched rows and sections stay the same objects. */
export function changeSeats(layout: Layout, keys: ReadonlySet<string>, change: (seat: LayoutSeat) => LayoutSeat | null): Layout {
  if (keys.size === 0) return layout;
  const sections = layout.sections.map((section, s) => {
    if (
      section.rows === undefined ||
      !section.rows.some((row, r) => row.seats.some((seat) => keys.has(seatKey(s, r, seat.number))))
    )
      return section;
    const rows = section.rows.map((row, r) => {
      if (!row.seats.some((seat) => keys.has(seatKey(s, r, seat.number)))) return row;
      // The row keeps its slot count, so a removed seat stays an aisle when the section is rebuilt.
      const count = (row as { count?: number }).count ?? Math.max(0, ...row.seats.map((seat) => seat.number));
      const seats = row.seats.flatMap((seat) => {
        if (!keys.has(seatKey(s, r, seat.number))) return [seat];
        const next = change(seat);
        return next === null ? [] : [next];
      });
      return drawingOf(section) === undefined ? { ...row, seats } : { ...row, seats, count };
    });
    return { ...section, rows };
  });
  return { ...layout, sections };
}
