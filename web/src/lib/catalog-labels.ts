/** Words for the catalog's enums, shared by the public pages and the admin forms (catalogue `common`). */
import i18next from 'i18next';
import { EVENT_CATEGORIES, type EventStatus } from '@iatichet/contracts';

export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export function isEventCategory(value: unknown): value is EventCategory {
  return typeof value === 'string' && (EVENT_CATEGORIES as readonly string[]).includes(value);
}

/** "concert" -> "Concert"; an unknown category is shown as the server sent it. */
export function categoryLabel(category: string): string {
  return isEventCategory(category) ? i18next.t(`common:category.${category}`) : category;
}

/** "draft" -> "Draft". */
export function eventStatusLabel(status: EventStatus): string {
  return i18next.t(`common:eventStatus.${status}`);
}

const NAMED_SEAT_CATEGORIES = new Set(['standard', 'premium', 'accessible']);

/**
 * "accessible" -> "Accessible" ("Accesibil" in Romanian), "box_seats" -> "Box seats": the usual
 * categories in the reader's language, an organiser's own as they wrote it.
 */
export function seatCategoryLabel(category: string): string {
  if (NAMED_SEAT_CATEGORIES.has(category)) return i18next.t(`common:seatCategory.${category}`);
  const words = category.replace(/[_-]+/g, ' ').trim();
  return words === '' ? category : words.charAt(0).toUpperCase() + words.slice(1);
}
