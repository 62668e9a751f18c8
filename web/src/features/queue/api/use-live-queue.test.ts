import { describe, expect, it } from 'vitest';
import type { QueuePlace, QueueUpdateMessage } from '@iatichet/contracts';
import { applyQueueUpdate } from './use-live-queue';

const message = (over: Partial<QueueUpdateMessage> = {}): QueueUpdateMessage => ({
  eventId: 'e1',
  status: 'waiting',
  position: 7,
  ahead: 3,
  estimatedWaitSeconds: 90,
  ...over,
});

describe('applyQueueUpdate', () => {
  it('takes the pushed place as it is while waiting, without the event id', () => {
    const before: QueuePlace = { status: 'waiting', position: null, ahead: 0, estimatedWaitSeconds: null };
    expect(applyQueueUpdate(before, message())).toEqual({
      place: { status: 'waiting', position: 7, ahead: 3, estimatedWaitSeconds: 90 },
      askForPass: false,
    });
  });

  it('asks for the pass when the push says admitted and no pass is known', () => {
    const result = applyQueueUpdate(undefined, message({ status: 'admitted', ahead: 0, estimatedWaitSeconds: 0 }));
    expect(result.askForPass).toBe(true);
    expect(result.place.pass).toBeUndefined();
  });

  it('keeps a pass already known through a repeated admission push', () => {
    const before: QueuePlace = {
      status: 'admitted',
      position: 7,
      ahead: 0,
      estimatedWaitSeconds: 0,
      pass: 'p',
      passExpiresAt: '2026-12-06T13:00:00Z',
    };
    expect(applyQueueUpdate(before, message({ status: 'admitted', ahead: 0 }))).toEqual({
      place: { ...before, estimatedWaitSeconds: 90 },
      askForPass: false,
    });
  });

  it('drops a pass when the push says sold out', () => {
    const before: QueuePlace = { status: 'admitted', position: 7, ahead: 0, estimatedWaitSeconds: 0, pass: 'p' };
    const { place } = applyQueueUpdate(before, message({ status: 'sold_out' }));
    expect(place).toEqual({ status: 'sold_out', position: 7, ahead: 3, estimatedWaitSeconds: 90 });
  });
});
