/**
 * The map's camera and what it can see. A view maps plane units to CSS pixels: screen = plane ×
 * scale + offset. Only seats inside the visible rectangle are drawn or hit-tested, found through a
 * bucket grid so a 20,000-seat stadium costs what is on screen, not what is in the venue.
 */
import type { Box2, PlacedSeat } from './geometry';

export interface View {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export interface Size {
  width: number;
  height: number;
}

export const toScreen = (view: View, x: number, y: number) => ({
  x: x * view.scale + view.offsetX,
  y: y * view.scale + view.offsetY,
});
export const toPlane = (view: View, x: number, y: number) => ({
  x: (x - view.offsetX) / view.scale,
  y: (y - view.offsetY) / view.scale,
});

/** The view that shows `box` whole and centred, with a margin of `padding` CSS pixels. */
export function fitView(box: Box2, size: Size, padding = 12): View {
  const width = Math.max(box.maxX - box.minX, 1e-6);
  const height = Math.max(box.maxY - box.minY, 1e-6);
  const scale = Math.min((size.width - 2 * padding) / width, (size.height - 2 * padding) / height);
  const safe = Number.isFinite(scale) && scale > 0 ? scale : 1;
  return {
    scale: safe,
    offsetX: size.width / 2 - ((box.minX + box.maxX) / 2) * safe,
    offsetY: size.height / 2 - ((box.minY + box.maxY) / 2) * safe,
  };
}

/** Zooms by `factor` keeping the plane point under (x, y) on screen where it is, within [min, max]. */
export function zoomAt(view: View, factor: number, x: number, y: number, min: number, max: number): View {
  const scale = Math.min(max, Math.max(min, view.scale * factor));
  const anchor = toPlane(view, x, y);
  return { scale, offsetX: x - anchor.x * scale, offsetY: y - anchor.y * scale };
}

export const panBy = (view: View, dx: number, dy: number): View => ({
  ...view,
  offsetX: view.offsetX + dx,
  offsetY: view.offsetY + dy,
});

/** The plane rectangle on screen, grown by `margin` plane units so seats cut by the edge still draw. */
export function visibleBox(view: View, size: Size, margin = 0): Box2 {
  const topLeft = toPlane(view, 0, 0);
  const bottomRight = toPlane(view, size.width, size.height);
  return { minX: topLeft.x - margin, minY: topLeft.y - margin, maxX: bottomRight.x + margin, maxY: bottomRight.y + margin };
}

export const intersects = (a: Box2, b: Box2) => a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

/** Seats bucketed by cells of the plane, for culling and hit tests. */
export class SeatIndex {
  private readonly cells = new Map<string, PlacedSeat[]>();

  constructor(
    seats: readonly PlacedSeat[],
    private readonly cell: number,
  ) {
    for (const seat of seats) {
      const key = this.key(Math.floor(seat.x / cell), Math.floor(seat.y / cell));
      const bucket = this.cells.get(key);
      if (bucket === undefined) this.cells.set(key, [seat]);
      else bucket.push(seat);
    }
  }

  private key(cx: number, cy: number): string {
    return `${cx}:${cy}`;
  }

  /** Every seat whose centre lies in `box`. */
  within(box: Box2): PlacedSeat[] {
    const out: PlacedSeat[] = [];
    const [x0, x1] = [Math.floor(box.minX / this.cell), Math.floor(box.maxX / this.cell)];
    const [y0, y1] = [Math.floor(box.minY / this.cell), Math.floor(box.maxY / this.cell)];
    // A box far larger than the map would walk empty cells: then every bucket is looked at instead.
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size * 4) {
      for (const bucket of this.cells.values())
        for (const seat of bucket)
          if (seat.x >= box.minX && seat.x <= box.maxX && seat.y >= box.minY && seat.y <= box.maxY) out.push(seat);
      return out;
    }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        for (const seat of this.cells.get(this.key(cx, cy)) ?? []) {
          if (seat.x >= box.minX && seat.x <= box.maxX && seat.y >= box.minY && seat.y <= box.maxY) out.push(seat);
        }
      }
    }
    return out;
  }

  /** The seat nearest the plane point (x, y) within `radius`, if any. */
  nearest(x: number, y: number, radius: number): PlacedSeat | undefined {
    let best: PlacedSeat | undefined;
    let bestDistance = radius;
    for (const seat of this.within({ minX: x - radius, minY: y - radius, maxX: x + radius, maxY: y + radius })) {
      const distance = Math.hypot(seat.x - x, seat.y - y);
      if (distance <= bestDistance) {
        best = seat;
        bestDistance = distance;
      }
    }
    return best;
  }
}
