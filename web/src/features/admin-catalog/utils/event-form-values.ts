/**
 * The event form's state (strings, as inputs hold them) and its conversion to the API's EventInput.
 * Field names follow the server's JSON pointers (`/ticketTypes/0/priceCents` is the field
 * `ticketTypes.0.priceCents`), so an error from either side lands on the same field.
 */
import { CATALOG_LIMITS, CURRENCIES, type CatalogEvent, type EventInput, type Seating } from '@iatichet/contracts';
import { isEventCategory, seatCategoryLabel, type EventCategory } from '@/lib/catalog-labels';
import { fromDateTimeLocal, toDateTimeLocal } from '@/lib/format-event-time';
import { centsFromUnits, unitsFromCents } from '@/lib/format-money';

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
}

/** Refunds on request: the default (48 h before the start), until a chosen time, or never. */
export type RefundMode = 'default' | 'until' | 'none';

export interface EventFormValues {
  title: string;
  description: string;
  category: EventCategory;
  venueId: string;
  startsAt: string;
  endsAt: string;
  salesStartAt: string;
  salesEndAt: string;
  currency: Currency;
  maxTicketsPerOrder: string;
  seating: Seating;
  refundMode: RefundMode;
  refundUntil: string;
  ticketTypes: TicketTypeRow[];
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
    currency: 'EUR',
    maxTicketsPerOrder: String(CATALOG_LIMITS.maxTicketsPerOrderDefault),
    seating: 'general',
    refundMode: 'default',
    refundUntil: '',
    ticketTypes: [blankTicketType()],
  };
}

const isCurrency = (value: string): value is Currency => (CURRENCIES as readonly string[]).includes(value);

export function eventToForm(event: CatalogEvent): EventFormValues {
  return {
    title: event.title,
    description: event.description,
    category: isEventCategory(event.category) ? event.category : 'other',
    venueId: event.venue.id,
    startsAt: toDateTimeLocal(event.startsAt),
    endsAt: toDateTimeLocal(event.endsAt),
    salesStartAt: toDateTimeLocal(event.salesStartAt),
    salesEndAt: toDateTimeLocal(event.salesEndAt),
    currency: isCurrency(event.currency) ? event.currency : 'EUR',
    maxTicketsPerOrder: String(event.maxTicketsPerOrder),
    seating: event.seating,
    refundMode: event.refundPolicy.default ? 'default' : event.refundPolicy.selfServiceUntil === null ? 'none' : 'until',
    refundUntil: event.refundPolicy.default ? '' : toDateTimeLocal(event.refundPolicy.selfServiceUntil),
    ticketTypes: event.ticketTypes.map((type) => ({
      key: type.id,
      id: type.id,
      name: type.name,
      price: unitsFromCents(type.priceCents),
      capacity: String(type.capacity),
      seatCategory: type.seatCategory ?? '',
    })),
  };
}

const wholeNumber = (text: string) => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null);

/** The EventInput for these values, or the problems to fix first (by field name). */
export function formToInput(values: EventFormValues): { input: EventInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (values.title.trim() === '') errors.title = 'Give the event a title.';
  if (values.venueId === '') errors.venueId = 'Choose where it takes place.';
  const startsAt = fromDateTimeLocal(values.startsAt);
  const endsAt = fromDateTimeLocal(values.endsAt);
  if (startsAt === null) errors.startsAt = 'Enter when it starts.';
  if (endsAt === null) errors.endsAt = 'Enter when it ends.';
  else if (startsAt !== null && endsAt < startsAt) errors.endsAt = 'The event cannot end before it starts.';
  const salesStartAt = fromDateTimeLocal(values.salesStartAt);
  const salesEndAt = fromDateTimeLocal(values.salesEndAt);
  if (salesStartAt !== null && salesEndAt !== null && salesEndAt <= salesStartAt)
    errors.salesEndAt = 'Sales must close after they open.';
  const max = wholeNumber(values.maxTicketsPerOrder);
  if (max === null || max < 1 || max > CATALOG_LIMITS.maxTicketsPerOrderMax)
    errors.maxTicketsPerOrder = `Enter a number from 1 to ${CATALOG_LIMITS.maxTicketsPerOrderMax}.`;
  if (values.ticketTypes.length === 0) errors.ticketTypes = 'Add at least one ticket type.';
  const refundUntil = fromDateTimeLocal(values.refundUntil);
  if (values.refundMode === 'until' && refundUntil === null)
    errors['refundPolicy.selfServiceUntil'] = 'Enter until when buyers can cancel for a refund.';
  const refundPolicy: EventInput['refundPolicy'] =
    values.refundMode === 'default' ? { default: true } : { selfServiceUntil: values.refundMode === 'none' ? null : refundUntil };

  const ticketTypes: EventInput['ticketTypes'] = values.ticketTypes.map((row, i) => {
    const field = (name: string) => `ticketTypes.${i}.${name}`;
    if (row.name.trim() === '') errors[field('name')] = 'Name this ticket type.';
    const priceCents = centsFromUnits(row.price);
    if (priceCents === null) errors[field('priceCents')] = 'Enter a price, like 25 or 19.99 (0 for free).';
    if (values.seating === 'reserved') {
      if (row.seatCategory === '') errors[field('seatCategory')] = 'Choose the seats this type prices.';
      return {
        ...(row.id === undefined ? {} : { id: row.id }),
        name: row.name.trim(),
        priceCents: priceCents ?? 0,
        seatCategory: row.seatCategory,
      };
    }
    const capacity = wholeNumber(row.capacity);
    if (capacity === null) errors[field('capacity')] = 'Enter how many tickets of this type there are.';
    return {
      ...(row.id === undefined ? {} : { id: row.id }),
      name: row.name.trim(),
      priceCents: priceCents ?? 0,
      capacity: capacity ?? 0,
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
      seating: values.seating,
      currency: values.currency,
      maxTicketsPerOrder: max ?? CATALOG_LIMITS.maxTicketsPerOrderDefault,
      refundPolicy,
      ticketTypes,
    },
    errors,
  };
}
