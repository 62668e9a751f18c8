import '@/i18n';
import { describe, expect, it } from 'vitest';
import type { Question } from '@iatichet/contracts';
import { ApiError } from './api-error';
import { answerErrors, askedPlaces, selectionTicketTypes, serverAnswerErrors, toAnswerInputs } from './event-questions';

const q = (id: string, over: Partial<Question>): Question => ({
  id,
  label: id,
  kind: 'text',
  options: [],
  required: false,
  perTicket: false,
  ticketTypeIds: [],
  position: 0,
  ...over,
});

const name = q('name', { required: true, perTicket: true });
const vipEmail = q('email', { kind: 'email', required: true, perTicket: true, ticketTypeIds: ['vip'] });
const agree = q('agree', { kind: 'checkbox', required: true });
const vipOnlyOrder = q('lounge', { kind: 'choice', options: ['yes', 'no'], ticketTypeIds: ['vip'] });

describe('the checkout questions step', () => {
  it('numbers tickets as the server does: types in the order the request lists them, seats in map order', () => {
    const event = {
      ticketTypes: [
        { id: 'std', seatCategory: 'standard' },
        { id: 'vip', seatCategory: 'premium' },
      ] as never,
    };
    expect(selectionTicketTypes(event, { kind: 'general', quantities: { vip: 1, std: 2 } }, [])).toEqual(['vip', 'std', 'std']);
    const seats = [
      { id: 'a', category: 'premium' },
      { id: 'b', category: 'standard' },
      { id: 'c', category: 'standard' },
    ];
    expect(selectionTicketTypes(event, { kind: 'reserved', seatIds: ['c', 'a'] }, seats)).toEqual(['vip', 'std']);
  });

  it('asks each question only where it applies', () => {
    const places = askedPlaces([name, vipEmail, agree, vipOnlyOrder], ['std', 'std']).map(
      (p) => `${p.question.id}/${p.ticket ?? 'order'}`,
    );
    expect(places).toEqual(['name/0', 'name/1', 'agree/order']);
    const withVip = askedPlaces([vipEmail, vipOnlyOrder], ['std', 'vip']).map((p) => `${p.question.id}/${p.ticket ?? 'order'}`);
    expect(withVip).toEqual(['email/1', 'lounge/order']);
  });

  it('refuses what the server refuses, by place, and sends only the answered places', () => {
    const values = { 'name/0': 'Ana', 'email/1': 'not an email', 'agree/order': false };
    expect(answerErrors([name, vipEmail, agree], values, ['std', 'vip'])).toEqual({
      'name/1': 'Please answer this.',
      'email/1': 'Enter a valid email address.',
      'agree/order': 'Please answer this.',
    });
    expect(toAnswerInputs([name, vipEmail, agree], { ...values, 'name/1': '  ', 'email/1': 'x@y.ro' }, ['std', 'vip'])).toEqual([
      { questionId: 'name', ticket: 0, value: 'Ana' },
      { questionId: 'email', ticket: 1, value: 'x@y.ro' },
    ]);
  });

  it("puts the server's field errors on their places", () => {
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      title: 'x',
      fieldErrors: [
        { path: '/answers/name/1', message: 'An answer is required.' },
        { path: '/items', message: 'other' },
      ],
    });
    expect(serverAnswerErrors(error)).toEqual({ 'name/1': 'An answer is required.' });
  });
});
