/**
 * Painting the visible part of the map on a canvas. Colour is never the only signal: held seats
 * are hatched, sold seats crossed out, chosen seats ringed and ticked, wheelchair places and
 * companion seats carry their own mark. Seats of one look are drawn as one path, so a screenful of
 * thousands of seats costs a handful of fills.
 */
import type { EventSeat } from '@iatichet/contracts';
import type { PlacedMap, PlacedSeat } from './geometry';
import { toScreen, visibleBox, type Size, type View, type SeatIndex } from './viewport';

export interface SeatPalette {
  category: (category: string) => string;
  chosen: string;
  held: string;
  sold: string;
  text: string;
  background: string;
}

/**
 * Below this many CSS pixels of seat radius a finger cannot aim at one seat: the map is an overview
 * where sections are outlined and a tap zooms to the section tapped.
 */
export const OVERVIEW_RADIUS_PX = 6;

export const isOverview = (view: View, map: PlacedMap) => map.seatRadius * view.scale < OVERVIEW_RADIUS_PX;

type Look = 'chosen' | 'held' | 'sold' | `free:${string}`;

function lookOf(seat: EventSeat, chosen: ReadonlySet<string>): Look {
  if (chosen.has(seat.id)) return 'chosen';
  if (seat.status === 'held') return 'held';
  if (seat.status === 'sold') return 'sold';
  return `free:${seat.category}`;
}

function fillOf(look: Look, palette: SeatPalette): string {
  if (look === 'chosen') return palette.chosen;
  if (look === 'held') return palette.held;
  if (look === 'sold') return palette.sold;
  return palette.category(look.slice('free:'.length));
}

export function drawSeats(
  context: CanvasRenderingContext2D,
  map: PlacedMap,
  index: SeatIndex,
  live: ReadonlyMap<string, EventSeat>,
  view: View,
  size: Size,
  chosen: ReadonlySet<string>,
  palette: SeatPalette,
  sectionLabels: ReadonlyMap<string, string> = new Map(),
): number {
  context.clearRect(0, 0, size.width, size.height);
  context.fillStyle = palette.background;
  context.fillRect(0, 0, size.width, size.height);
  const radius = map.seatRadius * view.scale;
  const overview = radius < OVERVIEW_RADIUS_PX;
  const visible = index.within(visibleBox(view, size, map.seatRadius));

  if (overview) drawSectionOutlines(context, map, view, palette, sectionLabels);

  const byLook = new Map<Look, { x: number; y: number; seat: PlacedSeat }[]>();
  for (const seat of visible) {
    const look = lookOf(live.get(seat.seat.id) ?? seat.seat, chosen);
    const at = toScreen(view, seat.x, seat.y);
    const list = byLook.get(look);
    if (list === undefined) byLook.set(look, [{ ...at, seat }]);
    else list.push({ ...at, seat });
  }
  const r = Math.max(0.6, radius);
  for (const [look, points] of byLook) {
    context.beginPath();
    for (const { x, y } of points) {
      if (overview) context.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        context.moveTo(x + r, y);
        context.arc(x, y, r, 0, Math.PI * 2);
      }
    }
    context.fillStyle = fillOf(look, palette);
    context.fill();
    if (overview || r < 4) continue;
    context.lineWidth = Math.max(1, r / 6);
    context.strokeStyle = look === 'held' ? palette.sold : palette.background;
    context.beginPath();
    for (const { x, y } of points) {
      const k = r * 0.55;
      if (look === 'held') {
        // Hatching: two diagonals one way.
        context.moveTo(x - k, y + k * 0.2);
        context.lineTo(x - k * 0.2, y - k);
        context.moveTo(x - k * 0.2, y + k);
        context.lineTo(x + k, y - k * 0.2);
      } else if (look === 'sold') {
        context.moveTo(x - k, y - k);
        context.lineTo(x + k, y + k);
        context.moveTo(x + k, y - k);
        context.lineTo(x - k, y + k);
      } else if (look === 'chosen') {
        context.moveTo(x - k, y);
        context.lineTo(x - k * 0.2, y + k * 0.7);
        context.lineTo(x + k, y - k * 0.6);
      }
    }
    context.stroke();
    if (look === 'chosen') {
      context.beginPath();
      for (const { x, y } of points) {
        context.moveTo(x + r + 2, y);
        context.arc(x, y, r + 2, 0, Math.PI * 2);
      }
      context.strokeStyle = palette.chosen;
      context.lineWidth = 2;
      context.stroke();
    }
  }
  if (!overview && r >= 6) drawAccessibleMarks(context, [...byLook.values()].flat(), r, palette);
  return visible.length;
}

/** ♿ on wheelchair places and a small "C" on companion seats, on top of their fill. */
function drawAccessibleMarks(
  context: CanvasRenderingContext2D,
  points: { x: number; y: number; seat: PlacedSeat }[],
  r: number,
  palette: SeatPalette,
) {
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = `700 ${Math.round(r * 1.1)}px system-ui, sans-serif`;
  for (const { x, y, seat } of points) {
    const mark = seat.seat.accessible === 'wheelchair' ? '♿' : seat.seat.accessible === 'companion' ? 'C' : undefined;
    if (mark === undefined) continue;
    context.fillStyle = palette.background;
    context.fillText(mark, x, y + 0.5);
  }
  context.fillStyle = palette.text;
}

/** Each section outlined, with its label ("A · 120 free") where it fits. */
function drawSectionOutlines(
  context: CanvasRenderingContext2D,
  map: PlacedMap,
  view: View,
  palette: SeatPalette,
  labels: ReadonlyMap<string, string>,
) {
  context.lineWidth = 1;
  context.strokeStyle = palette.text;
  context.fillStyle = palette.text;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = '600 12px system-ui, sans-serif';
  for (const section of map.sections) {
    const a = toScreen(view, section.box.minX, section.box.minY);
    const b = toScreen(view, section.box.maxX, section.box.maxY);
    context.strokeRect(a.x - 2, a.y - 2, b.x - a.x + 4, b.y - a.y + 4);
    const label = labels.get(section.name) ?? section.name;
    const width = context.measureText(label).width + 6;
    if (b.x - a.x > width && b.y - a.y > 16) {
      context.save();
      context.fillStyle = palette.background;
      context.fillRect((a.x + b.x) / 2 - width / 2, (a.y + b.y) / 2 - 8, width, 16);
      context.restore();
      context.fillText(label, (a.x + b.x) / 2, (a.y + b.y) / 2);
    }
  }
}
