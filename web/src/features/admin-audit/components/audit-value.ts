/**
 * A recorded value as a person reads it, by what the field holds: instants as local times (at the
 * record's own zone when its snapshot names one), enums in the reader's words, ticket types and
 * organizers by name, a seat map as its size. Undefined leaves the value to the generic wording.
 */
import i18next from 'i18next';
import { formatDateTime } from '@/lib/format-date';
import { categoryLabel, seatCategoryLabel } from '@/lib/catalog-labels';
import { paymentMethodLabel } from '@/lib/reservation-labels';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Enum fields whose words live in the `common` catalogue, tried in order. */
const COMMON_WORDS: Record<string, string[]> = {
  role: ['common:role'],
  status: ['common:reservationStatus', 'common:eventStatus'],
};

/** A poster is stored under an opaque key: what matters is that an image was set. */
const POSTER_FIELDS = new Set(['poster', 'posterKey', 'posterUrl']);

function readerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function named(value: unknown): string | undefined {
  return isRecord(value) && typeof value.name === 'string' ? value.name : undefined;
}

/** "200 de locuri": what a seat map is, rather than its JSON. */
function layoutSize(layout: Record<string, unknown>): string | undefined {
  if (!Array.isArray(layout.sections)) return undefined;
  const seats = layout.sections
    .filter(isRecord)
    .flatMap((section) => (Array.isArray(section.rows) ? section.rows.filter(isRecord) : []))
    .reduce((total, row) => total + (Array.isArray(row.seats) ? row.seats.length : 0), 0);
  return i18next.t('admin-audit:values.layout', { count: seats });
}

function wordOfString(field: string, value: string, timeZone: string | undefined): string | undefined {
  // Without the record's zone, the reader's own, named: a bare "14:00" would pass for the venue's.
  if (ISO_INSTANT.test(value)) return formatDateTime(value, timeZone ?? readerZone());
  if (POSTER_FIELDS.has(field)) return i18next.t('admin-audit:values.poster');
  for (const catalogue of COMMON_WORDS[field] ?? []) {
    if (i18next.exists(`${catalogue}.${value}`)) return i18next.t(`${catalogue}.${value}`);
  }
  if (field === 'category') return categoryLabel(value);
  if (field === 'paymentMethod') return paymentMethodLabel(value);
  if (field === 'seatCategory') return seatCategoryLabel(value);
  const own = `admin-audit:values.${field}.${value}`;
  return i18next.exists(own) ? i18next.t(own) : undefined;
}

export function auditValue(field: string, value: unknown, timeZone: string | undefined): string | undefined {
  if (typeof value === 'string') return wordOfString(field, value, timeZone);
  if (Array.isArray(value)) {
    const names = value.map((item) => (typeof item === 'string' ? item : named(item)));
    return names.every((name) => name !== undefined) ? names.join(', ') : undefined;
  }
  if (isRecord(value)) return named(value) ?? layoutSize(value);
  return undefined;
}

/** The zone a snapshot's times belong to (an event's or a venue's), if it names one. */
export function snapshotZone(...sides: unknown[]): string | undefined {
  for (const side of sides) if (isRecord(side) && typeof side.timeZone === 'string') return side.timeZone;
  return undefined;
}
