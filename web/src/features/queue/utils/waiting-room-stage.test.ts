import { describe, expect, it } from 'vitest';
import type { CatalogEvent, QueuePlace, User } from '@iatichet/contracts';
import { estimateWords, queueProgress, waitingRoomStage } from './waiting-room-stage';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const queue = { enabled: true, opensAt: '2026-12-06T12:30:00Z', admitPerMinute: null, passMinutes: 10 };
const event = (settings: CatalogEvent['queue'] | null = queue) => ({ id: 'e1', queue: settings ?? undefined }) as CatalogEvent;
const user = (emailVerified = true) => ({ id: 'u1', emailVerified }) as User;
const place = (over: Partial<QueuePlace> = {}): QueuePlace => ({
  status: 'waiting',
  position: 12,
  ahead: 11,
  estimatedWaitSeconds: 120,
  ...over,
});

describe('waitingRoomStage', () => {
  it('sends people to the tickets when the event has no waiting room, signed in or not', () => {
    expect(waitingRoomStage({ event: event(null), user: null, place: undefined, now: NOW })).toBe('noQueue');
    expect(waitingRoomStage({ event: event({ ...queue, enabled: false }), user: user(), place: null, now: NOW })).toBe('noQueue');
  });

  it('asks to sign in, then to confirm the email, before anything else', () => {
    expect(waitingRoomStage({ event: event(), user: null, place: undefined, now: NOW })).toBe('signIn');
    expect(waitingRoomStage({ event: event(), user: user(false), place: null, now: NOW })).toBe('verify');
  });

  it('counts down before opensAt and joins from opensAt on', () => {
    expect(waitingRoomStage({ event: event(), user: user(), place: null, now: NOW })).toBe('beforeOpen');
    expect(waitingRoomStage({ event: event(), user: user(), place: null, now: Date.parse(queue.opensAt) })).toBe('join');
    expect(waitingRoomStage({ event: event({ ...queue, opensAt: null }), user: user(), place: null, now: NOW })).toBe('join');
  });

  it('follows the place: before the draw, waiting, admitted, sold out', () => {
    const input = { event: event(), user: user(), now: NOW };
    expect(waitingRoomStage({ ...input, place: place({ position: null }) })).toBe('awaitingDraw');
    expect(waitingRoomStage({ ...input, place: place() })).toBe('waiting');
    expect(waitingRoomStage({ ...input, place: place({ status: 'admitted', ahead: 0, pass: 'p' }) })).toBe('admitted');
    expect(waitingRoomStage({ ...input, place: place({ status: 'sold_out' }) })).toBe('soldOut');
  });
});

describe('queueProgress', () => {
  it('is the share of those once ahead who are gone, and full at the front', () => {
    expect(queueProgress(100, 100)).toBe(0);
    expect(queueProgress(25, 100)).toBe(0.75);
    expect(queueProgress(0, 100)).toBe(1);
    expect(queueProgress(0, 0)).toBe(1);
  });

  it('stays within 0..1 whatever it is given', () => {
    expect(queueProgress(120, 100)).toBe(0);
    expect(queueProgress(-3, 100)).toBe(1);
  });
});

describe('estimateWords', () => {
  it('rounds up to the minute and says when it does not know', () => {
    expect(estimateWords(null)).toEqual({ kind: 'unknown' });
    expect(estimateWords(0)).toEqual({ kind: 'lessThanMinute' });
    expect(estimateWords(59)).toEqual({ kind: 'lessThanMinute' });
    expect(estimateWords(61)).toEqual({ kind: 'minutes', count: 2 });
    expect(estimateWords(3_600)).toEqual({ kind: 'hours', hours: 1, minutes: 0 });
    expect(estimateWords(3_601)).toEqual({ kind: 'hours', hours: 1, minutes: 1 });
  });
});
