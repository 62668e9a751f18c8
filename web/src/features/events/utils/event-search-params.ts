/**
 * The visitor's event search as it lives in the address bar, so a search can be shared and Back
 * undoes a filter: `?q=jazz&category=concert&from=2026-07-01&minPrice=20&available=true&sort=price`.
 * Dates are local days and prices are in currency units there (readable); the API gets ISO times
 * and minor units. Anything in the URL that does not parse is ignored rather than sent. A price is
 * in the currency the filter shows (RON unless chosen): the API compares it with events in that
 * currency only, since 50 EUR is not 50 RON.
 */
import { CURRENCIES, EVENT_SORTS, type EventListQuery, type EventSort } from '@iatichet/contracts';
import { isEventCategory, type EventCategory } from '@/lib/catalog-labels';
import { localDayToIso } from '@/lib/format-event-time';
import { centsFromUnits } from '@/lib/format-money';

export interface EventSearch {
  q: string;
  /** Local days, "YYYY-MM-DD", or ''. */
  from: string;
  to: string;
  /** Amounts in currency units as typed ("20", "19.99"), or ''. */
  minPrice: string;
  maxPrice: string;
  /** The currency of minPrice and maxPrice. */
  currency: Currency;
  available: boolean;
  category: EventCategory | '';
  /** '' for the default: best match with a keyword, soonest first without. */
  sort: EventSort | '';
}

export type Currency = (typeof CURRENCIES)[number];
/** Most of the catalogue sells in lei. */
export const DEFAULT_PRICE_CURRENCY: Currency = 'RON';

export const EMPTY_SEARCH: EventSearch = {
  q: '',
  from: '',
  to: '',
  minPrice: '',
  maxPrice: '',
  currency: DEFAULT_PRICE_CURRENCY,
  available: false,
  category: '',
  sort: '',
};

const isDay = (value: string) => localDayToIso(value) !== null;
const isAmount = (value: string) => centsFromUnits(value) !== null;
const isCurrency = (value: string): value is Currency => (CURRENCIES as readonly string[]).includes(value);
const isSort = (value: string): value is EventSort => (EVENT_SORTS as readonly string[]).includes(value);

export function parseEventSearch(params: URLSearchParams): EventSearch {
  const text = (name: string, valid: (value: string) => boolean) => {
    const value = params.get(name)?.trim() ?? '';
    return valid(value) ? value : '';
  };
  const category = params.get('category') ?? '';
  const sort = params.get('sort') ?? '';
  const q = (params.get('q') ?? '').trim();
  const currency = params.get('currency') ?? '';
  return {
    q,
    from: text('from', isDay),
    to: text('to', isDay),
    minPrice: text('minPrice', isAmount),
    maxPrice: text('maxPrice', isAmount),
    currency: isCurrency(currency) ? currency : DEFAULT_PRICE_CURRENCY,
    available: params.get('available') === 'true',
    category: isEventCategory(category) ? category : '',
    // Relevance ranks by the keyword, so without one it means nothing (and the API refuses it).
    sort: isSort(sort) && (sort !== 'relevance' || q !== '') ? sort : '',
  };
}

/** The search as URL parameters, leaving out everything at its default. */
export function eventSearchToParams(search: EventSearch): URLSearchParams {
  const params = new URLSearchParams();
  const q = search.q.trim();
  if (q !== '') params.set('q', q);
  if (search.category !== '') params.set('category', search.category);
  if (search.from !== '') params.set('from', search.from);
  if (search.to !== '') params.set('to', search.to);
  if (search.minPrice !== '') params.set('minPrice', search.minPrice);
  if (search.maxPrice !== '') params.set('maxPrice', search.maxPrice);
  if (search.currency !== DEFAULT_PRICE_CURRENCY) params.set('currency', search.currency);
  if (search.available) params.set('available', 'true');
  if (search.sort !== '' && (search.sort !== 'relevance' || q !== '')) params.set('sort', search.sort);
  return params;
}

/** The sort the results are in: the chosen one, else best match for a keyword, else soonest first. */
export function effectiveSort(search: EventSearch): EventSort {
  if (search.sort !== '' && (search.sort !== 'relevance' || search.q !== '')) return search.sort;
  return search.q === '' ? 'startsAt' : 'relevance';
}

/** The filters of GET /api/events (without paging) for this search. */
export function toEventListQuery(search: EventSearch): Omit<EventListQuery, 'limit' | 'cursor'> {
  const query: Omit<EventListQuery, 'limit' | 'cursor'> = { sort: effectiveSort(search) };
  if (search.q !== '') query.q = search.q;
  if (search.category !== '') query.category = search.category;
  const from = localDayToIso(search.from);
  const to = localDayToIso(search.to, true);
  if (from !== null) query.from = from;
  if (to !== null) query.to = to;
  const minPrice = centsFromUnits(search.minPrice);
  const maxPrice = centsFromUnits(search.maxPrice);
  if (minPrice !== null) query.minPrice = minPrice;
  if (maxPrice !== null) query.maxPrice = maxPrice;
  if (minPrice !== null || maxPrice !== null) query.currency = search.currency;
  if (search.available) query.available = true;
  return query;
}

/** How many filters (besides the keyword and the sort) are set: shown on the phone's Filters button. */
export function activeFilterCount(search: EventSearch): number {
  return [
    search.category !== '',
    search.from !== '' || search.to !== '',
    search.minPrice !== '' || search.maxPrice !== '',
    search.available,
  ].filter(Boolean).length;
}

export function isFiltered(search: EventSearch): boolean {
  return search.q !== '' || activeFilterCount(search) > 0;
}
