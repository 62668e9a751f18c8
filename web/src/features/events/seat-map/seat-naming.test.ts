import '@/i18n';
import i18next from 'i18next';
import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogEvent, EventSeat, Layout } from '@iatichet/contracts';
import { seatListName, seatPlace } from './seat-naming';
import { standingAreas } from './standing-areas';

const seat = (extra: Partial<EventSeat> = {}): EventSeat => ({
  id: 's',
  section: 'A',
  row: '3',
  number: 12,
  category: 'premium',
  status: 'free',
  ...extra,
});

describe('seat names in the list', () => {
  afterAll(() => i18next.changeLanguage('en'));

  it('says section, row, seat, status and category, in that order', async () => {
    await i18next.changeLanguage('en');
    expect(seatListName(seat(), false, 'Category A')).toBe('Section A, row 3, seat 12, free, Category A');
    expect(seatListName(seat({ status: 'held' }), false, 'Category A')).toBe('Section A, row 3, seat 12, held, Category A');
    expect(seatListName(seat({ status: 'sold', row: 'B', number: 1 }), false, 'Balcony')).toBe(
      'Section A, row B, seat 1, sold, Balcony',
    );
  });

  it('says the buyer chose it, whatever its status on the server', async () => {
    await i18next.changeLanguage('en');
    expect(seatListName(seat({ status: 'held' }), true, 'Category A')).toBe(
      'Section A, row 3, seat 12, chosen by you, Category A',
    );
  });

  it('says wheelchair places and companion seats', async () => {
    await i18next.changeLanguage('en');
    expect(seatListName(seat({ accessible: 'wheelchair' }), false, 'Category A')).toBe(
      'Section A, row 3, seat 12, free, Category A, wheelchair place',
    );
    expect(seatListName(seat({ accessible: 'companion' }), false, 'Category A')).toMatch(/, companion seat$/);
  });

  it('speaks Romanian too', async () => {
    await i18next.changeLanguage('ro');
    expect(seatPlace(seat())).toBe('Secțiunea A, rândul 3, locul 12');
    expect(seatListName(seat({ accessible: 'wheelchair' }), false, 'Categoria A')).toBe(
      'Secțiunea A, rândul 3, locul 12, liber, Categoria A, loc pentru scaun rulant',
    );
  });
});

describe('standing areas', () => {
  const type = (id: string, seatCategory: string | null) => ({ id, seatCategory }) as CatalogEvent['ticketTypes'][number];
  it('pairs each standing section with the ticket type of its category, leaving out seated ones and unsold ones', () => {
    const layout: Layout = {
      sections: [
        { name: 'Pit', kind: 'standing', capacity: 500, category: 'pit' },
        { name: 'Lawn', kind: 'standing', capacity: 900, category: 'lawn' },
        { name: 'A', rows: [{ label: '1', seats: [{ number: 1, category: 'standard' }] }] },
      ],
    };
    const areas = standingAreas({ ticketTypes: [type('std', 'standard'), type('pit-t', 'pit')] }, layout);
    expect(areas.map((area) => [area.name, area.type.id])).toEqual([['Pit', 'pit-t']]);
  });
});
