import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, eventSearchToParams, parseEventSearch, toEventListQuery } from './event-search-params';

describe('event search in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const search = {
      q: 'jazz',
      from: '2026-07-01',
      to: '2026-07-31',
      minPrice: '20',
      maxPrice: '99.50',
      currency: 'EUR',
      available: true,
      category: 'concert',
      sort: 'price',
    } as const;
    const params = eventSearchToParams(search);
    expect(params.toString()).toBe(
      'q=jazz&category=concert&from=2026-07-01&to=2026-07-31&minPrice=20&maxPrice=99.50&currency=EUR&available=true&sort=price',
    );
    expect(parseEventSearch(params)).toEqual(search);
  });

  it('leaves defaults out of the URL', () => {
    expect(eventSearchToParams(EMPTY_SEARCH).toString()).toBe('');
  });

  it('ignores values that do not parse instead of sending them', () => {
    const parsed = parseEventSearch(
      new URLSearchParams('minPrice=abc&from=tomorrow&category=opera&sort=cheapest&available=yes&currency=lei'),
    );
    expect(parsed).toEqual(EMPTY_SEARCH);
  });

  it('drops sort by relevance when there is no keyword to rank by', () => {
    expect(parseEventSearch(new URLSearchParams('sort=relevance')).sort).toBe('');
    expect(eventSearchToParams({ ...EMPTY_SEARCH, sort: 'relevance' }).has('sort')).toBe(false);
    expect(toEventListQuery({ ...EMPTY_SEARCH, sort: 'relevance' }).sort).toBe('startsAt');
    expect(toEventListQuery({ ...EMPTY_SEARCH, q: 'jazz' }).sort).toBe('relevance');
  });

  it('sends prices in minor units and days as the local start and end of the day', () => {
    const query = toEventListQuery({ ...EMPTY_SEARCH, minPrice: '20', maxPrice: '45,5', from: '2026-07-01', to: '2026-07-01' });
    expect(query.minPrice).toBe(2000);
    expect(query.maxPrice).toBe(4550);
    expect(query.from).toBe(new Date(2026, 6, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 6, 1, 23, 59, 59, 999).toISOString());
  });

  it('sends the currency the price filter shows with a price, and none without one', () => {
    expect(toEventListQuery({ ...EMPTY_SEARCH, maxPrice: '50' })).toMatchObject({ maxPrice: 5000, currency: 'RON' });
    expect(toEventListQuery({ ...EMPTY_SEARCH, minPrice: '10', currency: 'EUR' })).toMatchObject({
      minPrice: 1000,
      currency: 'EUR',
    });
    expect(toEventListQuery({ ...EMPTY_SEARCH, currency: 'EUR' })).not.toHaveProperty('currency');
  });
});
