import { i18next } from '@/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { auditValue, snapshotZone } from './audit-value';
import { changeLines } from './format-change';

const yesNo = (value: boolean) => (value ? 'da' : 'nu');
const plain = (text: string | null | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('audit values in words', () => {
  it('words what an event creation records in Romanian: no ISO times, codes, ids or JSON', async () => {
    await i18next.changeLanguage('ro');
    const created = {
      id: '5a3aefbd-7a34-4c55-9c12-612f878bb277',
      status: 'draft',
      seating: 'reserved',
      category: 'concert',
      startsAt: '2027-03-06T19:00:00.000Z',
      timeZone: 'Europe/Bucharest',
      ticketTypes: [
        { name: 'Standard', priceCents: 15000 },
        { name: 'Premium', priceCents: 27000 },
      ],
      organizer: { id: 'eddaf320', name: 'iaTichet', slug: 'iatichet' },
      layout: { sections: [{ name: 'Stalls', rows: [{ label: 'A', seats: [{ number: 1 }, { number: 2 }] }] }] },
    };
    const lines = changeLines(null, created, yesNo, (field, value) => auditValue(field, value, snapshotZone(created)));
    expect(lines.map((line) => [line.field, plain(line.after)])).toEqual([
      ['status', 'Ciornă'],
      ['seating', 'Locuri numerotate'],
      ['category', 'Concert'],
      ['startsAt', '6 mar. 2027, 21:00 EET'],
      ['timeZone', 'Europe/Bucharest'],
      ['ticketTypes', 'Standard, Premium'],
      ['organizer', 'iaTichet'],
      ['layout', '2 locuri'],
    ]);
  });

  it('words roles and reservation states in English', () => {
    expect(auditValue('role', 'staff', undefined)).toBe('Staff');
    expect(auditValue('status', 'pending_payment', undefined)).toBe('Awaiting payment');
    expect(auditValue('note', 'free text', undefined)).toBeUndefined();
    expect(auditValue('poster', '8a6fe97c9cb27370a941a1bc', undefined)).toBe('an uploaded image');
    // No zone in the snapshot: the reader's own zone, named, never a bare clock.
    expect(auditValue('startsAt', '2027-03-06T19:00:00.000Z', undefined)).toMatch(/\d\d:\d\d \S+$/);
  });
});
