/** Helpers for the seat map's browser tests (seat-map*.test.ts). */
import type { Page } from 'playwright-core';

export interface Seat {
  id: string;
  section: string;
  row: string;
  number: number;
  status: string;
}

/** Expected 404 from GET /api/events/:id/layout until the server has it (the map then has no standing areas). */
export const LAYOUT_404 = { status: 404, pathPrefix: '/api/events/' };

/** Where the plane point (x, y) is on the page, from the canvas's view right now (its data-view). */
export async function onScreen(page: Page, x: number, y: number) {
  const canvas = page.locator('canvas[data-view]');
  const [scale, offsetX, offsetY] = ((await canvas.getAttribute('data-view')) ?? '').split(',').map(Number) as [
    number,
    number,
    number,
  ];
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('no canvas');
  return { x: box.x + x * scale + offsetX, y: box.y + y * scale + offsetY, scale };
}

/** Every seat of an event as the public map answers it. */
export async function seatsOf(baseURL: string, eventId: string): Promise<Seat[]> {
  const answer = await fetch(`${baseURL}/api/events/${eventId}/seats`);
  return ((await answer.json()) as { seats: Seat[] }).seats;
}
