import { describe, expect, it } from 'vitest';
import type { CheckinResponse } from '@iatichet/contracts';
import { resultView, seatLine } from './result-text';
import { checkinTranslate } from './test-translate';

const ticket = {
  id: 't',
  eventId: 'e',
  eventTitle: 'Jazz Club Night',
  reservationCode: 'ABC',
  typeName: 'Standard',
  seat: null,
  attendeeName: 'Ana',
};
const at = (iso: string) => iso.slice(11, 16);
const t = checkinTranslate();

describe('check-in result words', () => {
  it('admits only an ok', () => {
    const results = ['ok', 'already_checked_in', 'invalid', 'wrong_event', 'not_valid'] as const;
    const admitted = results.filter((result) => resultView({ result, ticket, checkedInAt: null }, at, t).admit);
    expect(admitted).toEqual(['ok']);
  });

  it('says when a used ticket came in, and which event a wrong ticket is for', () => {
    const used: CheckinResponse = { result: 'already_checked_in', ticket, checkedInAt: '2027-03-01T19:05:00.000Z' };
    expect(resultView(used, at, t).explanation).toContain('19:05');
    expect(resultView({ result: 'wrong_event', ticket, checkedInAt: null }, at, t).explanation).toBe(
      'This ticket is for Jazz Club Night.',
    );
  });

  it('names the seat or the general admission', () => {
    expect(seatLine(ticket, t)).toBe('Standard · general admission');
    expect(seatLine({ ...ticket, seat: { section: 'Stalls', row: 'C', number: 5 } }, t)).toBe('Standard · Stalls, row C, seat 5');
  });

  it('speaks Romanian with diacritics', () => {
    const ro = checkinTranslate('ro');
    expect(resultView({ result: 'not_valid', ticket, checkedInAt: null }, at, ro).headline).toBe('Bilet anulat');
    expect(seatLine({ ...ticket, seat: { section: 'Sala', row: 'C', number: 5 } }, ro)).toBe(
      'Standard · Sala, rândul C, locul 5',
    );
  });
});
