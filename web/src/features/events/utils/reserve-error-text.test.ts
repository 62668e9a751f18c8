import '@/i18n';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { reserveErrorText, takenSeatIds } from './reserve-error-text';

const context = { maxTicketsPerOrder: 6, takenSeatNames: [] as string[] };
const problem = (status: number, code: ApiError['code'], extra: Record<string, unknown> = {}) =>
  new ApiError({ status, code, title: 'x', problem: { type: 'about:blank', title: 'x', status, code, ...extra } });

describe('takenSeatIds', () => {
  it('reads the seat ids of a seats_taken problem', () => {
    expect(takenSeatIds(problem(409, 'seats_taken', { seats: ['s1', 's2', 3] }))).toEqual(['s1', 's2']);
    expect(takenSeatIds(problem(409, 'seats_taken'))).toEqual([]);
    expect(takenSeatIds(problem(409, 'sold_out', { seats: ['s1'] }))).toEqual([]);
  });
});

describe('reserveErrorText', () => {
  it('names the seats that were taken', () => {
    const one = reserveErrorText(problem(409, 'seats_taken'), { ...context, takenSeatNames: ['Row A seat 5'] });
    expect(one).toBe(
      'Row A seat 5 was just taken by someone else, so we took it out of your choice. Please choose another seat.',
    );
    const two = reserveErrorText(problem(409, 'seats_taken'), { ...context, takenSeatNames: ['Row A seat 5', 'Row A seat 6'] });
    expect(two).toContain('Row A seat 5 and Row A seat 6 were just taken');
  });

  it('says what to do for each refusal', () => {
    expect(reserveErrorText(problem(409, 'sold_out'), context)).toContain('not enough tickets left');
    expect(reserveErrorText(problem(422, 'limit_exceeded'), context)).toBe('You can reserve at most 6 tickets in one order.');
    expect(reserveErrorText(problem(422, 'sales_closed'), context)).toContain('not on sale right now');
  });
});
