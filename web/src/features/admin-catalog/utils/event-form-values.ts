/**
 * The event form's state (strings, as inputs hold them) and its conversion to the API's EventInput.
 * Field names follow the server's JSON pointers (`/ticketTypes/0/priceCents` is the field
 * `ticketTypes.0.priceCents`), so an error from either side lands on the same field. Times are the
 * venue's wall clock ("19:00" in Cluj is 19:00 Cluj time, typed from anywhere).
 */
import i18next from 'i18next';
import {
  CATALOG_LIMITS,
  CURRENCIES,
  WAITLIST_OFFER_MINUTES_MAX,
  type CatalogEvent,
  type EventInput,
  type Seating,
} from '@iatichet/contracts';
import { isEventCategory, seatCategoryLabel, type EventCategory } from '@/lib/catalog-labels';
import { fromDateTimeLocal, isSkippedLocalTime, toDateTimeLocal } from '@/lib/format-event-time';
import { centsFromUnits, unitsFromCents } from '@/lib/format-money';
import { emptyQueueForm, queueFromForm, queueToForm, type QueueFormValues } from './queue-settings-values';

export type Currency = (typeof CURRENCIES)[number];

export interface TicketTypeRow {
  /** React's key: the ticket type's id once saved, a local one before. */
  key: string;
  /** Set for a ticket type that exists on the server (edited, not added). */
  id?: string;
  name: string;
  price: string;
  capacity: string;
  seatCategory: string;
  /** Sold only with an access code naming it. */
  hidden: boolean;
  /** Pay what you want: the least a buyer may pay ('' = a fixed price). */
  minPrice: string;
  /** The tax the price contains, as a percentage ('' = none). */
  taxPercent: string;
}

/** Refunds on request: the default (48 h before the start), until a chosen time, or never. */
export type RefundMode = 'default' | 'until' | 'none';

export interface EventFormValues extends QueueFormValues {
  title: string;
  description: string;
  category: EventCategory;
  venueId: string;
  startsAt: string;
  endsAt: string;
  salesStartAt: string;
  salesEndAt: string;
  /** When the doors open ('' when not said). */
  doorsAt: string;
  currency: Currency;
  maxTicketsPerOrder: string;
  seating: Seating;
  refundMode: RefundMode;
  refundUntil: string;
  waitlistEnabled: boolean;
  /** How long a waiting-list offer holds, in minutes ('' = the site's default). */
  waitlistOfferMinutes: string;
  ticketTypes: TicketTypeRow[];
  /**
   * The saved event's instants by the venue clock they were shown as: a time left as shown is
   * sent back as the instant it was, not read again from the clock (a clock time that an autumn
   * change repeats would otherwise move to its first occurrence, and seconds would be dropped).
   */
  storedTimes?: { timeZone: string; byClock: Record<string, string> };
}

let nextKey = 0;
export const newRowKey = () => `new-${++nextKey}`;

export function blankTicketType(seatCategory = ''): TicketTypeRow {
  return {
    key: newRowKey(),
    name: seatCategory === '' ? '' : seatCategoryLabel(seatCategory),
    price: '',
    capacity: '',
    seatCategory,
    hidden: false,
    minPrice: '',
    taxPercent: '',
  };
}

export function emptyEventForm(): EventFormValues {
  return {
    title: '',
    description: '',
    category: 'concert',
    venueId: '',
    startsAt: '',
    endsAt: '',
    salesStartAt: '',
    salesEndAt: '',
    doorsAt: '',
    currency: 'EUR',
    maxTicketsPerOrder: String(CATALOG_LIMITS.maxTicketsPerOrderDefault),
    seating: 'general',
    refundMode: 'default',
    refundUntil: '',
    waitlistEnabled: true,
    waitlistOfferMinutes: '',
    ...emptyQueueForm(),
    ticketTypes: [blankTicketType()],
  };
}

const isCurrency = (value: string): value is Currency => (CURRENCIES as readonly string[]).includes(value);

export function eventToForm(event: CatalogEvent): EventFormValues {
  const byClock: Record<string, string> = {};
  const local = (iso: string | null) => {
    const clock = toDateTimeLocal(iso, event.timeZone);
    if (iso !== null && clock !== '') byClock[clock] = iso;
    return clock;
  };
  const values: EventFormValues = {
    title: event.title,
    description: event.description,
    category: isEventCategory(event.category) ? event.category : 'other',
    venueId: event.venue.id,
    startsAt: local(event.startsAt),
    endsAt: local(event.endsAt),
    salesStartAt: local(event.salesStartAt),
    salesEndAt: local(event.salesEndAt),
    doorsAt: local(event.doorsAt ?? null),
    currency: isCurrency(event.currency) ? event.currency : 'EUR',
    maxTicketsPerOrder: String(event.maxTicketsPerOrder),
    seating: event.seating,
    refundMode: event.refundPolicy.default ? 'default' : event.refundPolicy.selfServiceUntil === null ? 'none' : 'until',
    refundUntil: event.refundPolicy.default ? '' : local(event.refundPolicy.selfServiceUntil),
    waitlistEnabled: event.waitlist?.enabled ?? true,
    waitlistOfferMinutes: event.waitlist?.offerMinutes == null ? '' : String(event.waitlist.offerMinutes),
    ...queueToForm(event.queue, local),
    ticketTypes: event.ticketTypes.map((type) => ({
      key: type.id,
      id: type.id,
      name: type.name,
      price: unitsFromCents(type.priceCents),
      capacity: String(type.capacity),
      seatCategory: type.seatCategory ?? '',
      hidden: type.hidden,
      minPrice: type.minPriceCents === null ? '' : unitsFromCents(type.minPriceCents),
      taxPercent: type.taxRate === 0 ? '' : String(type.taxRate / 100),
    })),
  };
  return { ...values, storedTimes: { timeZone: event.timeZone, byClock } };
}

const wholeNumber = (text: string) => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The EventInput for these values, or the problems to fix first (by field name). `timeZone` is the
 * chosen venue's: the typed times are its wall clock (the browser's when no venue is chosen yet).
 */
export function formToInput(
  values: EventFormValues,
  timeZone?: string,
  /** Reserved seating: the categories with chosen seats, whose price is fixed. */
  seatedCategories: ReadonlySet<string> = new Set(),
): { input: EventInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const stored = values.storedTimes?.timeZone === timeZone ? values.storedTimes?.byClock : undefined;
  const atVenue = (value: string) => stored?.[value.trim()] ?? fromDateTimeLocal(value, timeZone);
  if (values.title.trim() === '') errors.title = i18next.t('admin-catalog:validation.title');
  if (values.venueId === '') errors.venueId = i18next.t('admin-catalog:validation.venue');
  const startsAt = atVenue(values.startsAt);
  const endsAt = atVenue(values.endsAt);
  if (startsAt === null) errors.startsAt = i18next.t('admin-catalog:validation.startsAt');
  if (endsAt === null) errors.endsAt = i18next.t('admin-catalog:validation.endsAt');
  else if (startsAt !== null && endsAt < startsAt) errors.endsAt = i18next.t('admin-catalog:validation.endBeforeStart');
  const salesStartAt = atVenue(values.salesStartAt);
  const salesEndAt = atVenue(values.salesEndAt);
  if (salesStartAt !== null && salesEndAt !== null && salesEndAt <= salesStartAt)
    errors.salesEndAt = i18next.t('admin-catalog:validation.salesOrder');
  const doorsAt = atVenue(values.doorsAt);
  if (doorsAt !== null && startsAt !== null && doorsAt > startsAt)
    errors.doorsAt = i18next.t('admin-catalog:validation.doorsAfterStart');
  // A clock time the venue's spring change skips happens nowhere: say so rather than save another time.
  if (timeZone !== undefined)
    for (const field of ['startsAt', 'endsAt', 'doorsAt', 'salesStartAt', 'salesEndAt'] as const)
      if (isSkippedLocalTime(values[field], timeZone)) errors[field] = i18next.t('admin-catalog:validation.skippedTime');
  const max = wholeNumber(values.maxTicketsPerOrder);
  if (max === null || max < 1 || max > CATALOG_LIMITS.maxTicketsPerOrderMax)
    errors.maxTicketsPerOrder = i18next.t('admin-catalog:validation.maxPerOrder', { max: CATALOG_LIMITS.maxTicketsPerOrderMax });
  if (values.ticketTypes.length === 0) errors.ticketTypes = i18next.t('admin-catalog:validation.noTicketTypes');
  const refundUntil = atVenue(values.refundUntil);
  if (values.refundMode === 'until' && refundUntil === null)
    errors['refundPolicy.selfServiceUntil'] = i18next.t('admin-catalog:validation.refundUntil');
  if (values.refundMode === 'until' && timeZone !== undefined && isSkippedLocalTime(values.refundUntil, timeZone))
    errors['refundPolicy.selfServiceUntil'] = i18next.t('admin-catalog:validation.skippedTime');
  const refundPolicy: EventInput['refundPolicy'] =
    values.refundMode === 'default' ? { default: true } : { selfServiceUntil: values.refundMode === 'none' ? null : refundUntil };

  // Blank: the site's WAITLIST_OFFER_MINUTES; else whole minutes within the server's bounds.
  const offerText = values.waitlistOfferMinutes.trim();
  const offerMinutes = offerText === '' ? null : wholeNumber(offerText);
  if (offerText !== '' && (offerMinutes === null || offerMinutes < 1 || offerMinutes > WAITLIST_OFFER_MINUTES_MAX))
    errors['waitlist.offerMinutes'] = i18next.t('admin-catalog:validation.offerMinutes', { max: WAITLIST_OFFER_MINUTES_MAX });

  const queue = queueFromForm(values, atVenue, salesStartAt);
  Object.assign(errors, queue.errors);

  const ticketTypes: EventInput['ticketTypes'] = values.ticketTypes.map((row, i) => {
    const field = (name: string) => `ticketTypes.${i}.${name}`;
    if (row.name.trim() === '') errors[field('name')] = i18next.t('admin-catalog:validation.ticketName');
    const priceCents = centsFromUnits(row.price);
    if (priceCents === null) errors[field('priceCents')] = i18next.t('admin-catalog:validation.ticketPrice');
    // Tax as a percentage with up to two decimals (19, 5.5), sent in basis points.
    const taxRate = row.taxPercent.trim() === '' ? 0 : centsFromUnits(row.taxPercent);
    if (taxRate === null || taxRate > 10_000) errors[field('taxRate')] = i18next.t('codes:typeExtras.taxInvalid');
    const minPriceCents = row.minPrice.trim() === '' ? null : centsFromUnits(row.minPrice);
    if (row.minPrice.trim() !== '' && (minPriceCents === null || (priceCents !== null && minPriceCents > priceCents)))
      errors[field('minPriceCents')] = i18next.t('codes:typeExtras.minInvalid');
    const extras = { hidden: row.hidden, minPriceCents, taxRate: taxRate ?? 0 };
    if (values.seating === 'reserved') {
      if (row.seatCategory === '') errors[field('seatCategory')] = i18next.t('admin-catalog:validation.seatCategory');
      if (minPriceCents !== null && seatedCategories.has(row.seatCategory))
        errors[field('minPriceCents')] = i18next.t('codes:typeExtras.fixedForSeats');
      return {
        ...(row.id === undefined ? {} : { id: row.id }),
        name: row.name.trim(),
        priceCents: priceCents ?? 0,
        seatCategory: row.seatCategory,
        ...extras,
      };
    }
    const capacity = wholeNumber(row.capacity);
    if (capacity === null) errors[field('capacity')] = i18next.t('admin-catalog:validation.capacity');
    return {
      ...(row.id === undefined ? {} : { id: row.id }),
      name: row.name.trim(),
      priceCents: priceCents ?? 0,
      capacity: capacity ?? 0,
      ...extras,
    };
  });
  if (Object.keys(errors).length > 0 || startsAt === null || endsAt === null) return { input: null, errors };
  return {
    input: {
      title: values.title.trim(),
      description: values.description,
      category: values.category,
      venueId: values.venueId,
      startsAt,
      endsAt,
      salesStartAt,
      salesEndAt,
      doorsAt,
      seating: values.seating,
      currency: values.currency,
      maxTicketsPerOrder: max ?? CATALOG_LIMITS.maxTicketsPerOrderDefault,
      refundPolicy,
      waitlist: { enabled: values.waitlistEnabled, offerMinutes },
      queue: queue.queue,
      ticketTypes,
    },
    errors,
  };
}
