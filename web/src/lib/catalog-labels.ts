/** Words for the catalog's enums, shared by the public pages and the admin forms. */
import { EVENT_CATEGORIES, type EventStatus } from '@iatichet/contracts';

export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<EventCategory, string> = {
  concert: 'Concert',
  theatre: 'Theatre',
  comedy: 'Comedy',
  festival: 'Festival',
  sport: 'Sport',
  conference: 'Conference',
  family: 'Family',
  other: 'Other',
};

export function isEventCategory(value: unknown): value is EventCategory {
  return typeof value === 'string' && (EVENT_CATEGORIES as readonly string[]).includes(value);
}

/** "concert" -> "Concert"; an unknown category is shown as the server sent it. */
export function categoryLabel(category: string): string {
  return isEventCategory(category) ? CATEGORY_LABELS[category] : category;
}

export const STATUS_LABELS: Record<EventStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  cancelled: 'Cancelled',
};

/** "accessible" -> "Accessible", "box_seats" -> "Box seats": seat categories as people read them. */
export function seatCategoryLabel(category: string): string {
  const words = category.replace(/[_-]+/g, ' ').trim();
  return words === '' ? category : words.charAt(0).toUpperCase() + words.slice(1);
}
