/** Check-in batches: each scan its own answer, one ticket never twice in flight, a failing scan fails alone. */
import { describe, expect, it } from 'vitest';
import { CheckinBatches } from '../../src/checkin/checkin-batches.js';

interface FakeScan {
  ticket: string | null;
  poison?: boolean;
}

/** A writer that records its batches, answers each scan with its ticket, and fails any batch holding poison. */
function recordingWriter() {
  const batches: FakeScan[][] = [];
  let inFlight = new Set<string>();
  const write = async (scans: FakeScan[]) => {
    batches.push(scans);
    const tickets = scans.flatMap((s) => s.ticket ?? []);
    for (const t of tickets) if (inFlight.has(t)) throw new Error(`ticket ${t} written twice at once`);
    inFlight = new Set([...inFlight, ...tickets]);
    await new Promise((resolve) => setTimeout(resolve, 2));
    for (const t of tickets) inFlight.delete(t);
    if (scans.some((s) => s.poison)) throw new Error('poisoned batch');
    return scans.map((s) => `answer ${s.ticket ?? 'none'}`);
  };
  return { batches, write };
}

describe('check-in batches', () => {
  it('answers every scan with its own outcome, several scans to a batch under load', async () => {
    const { batches, write } = recordingWriter();
    const queue = new CheckinBatches(write, (s: FakeScan) => s.ticket);
    const scans = Array.from({ length: 300 }, (_, i) => ({ ticket: i % 7 === 0 ? null : `t${i}` }));
    const answers = await Promise.all(scans.map((s) => queue.write(s)));
    expect(answers).toEqual(scans.map((s) => `answer ${s.ticket ?? 'none'}`));
    expect(batches.length).toBeLessThan(scans.length / 4);
    expect(batches.flat()).toHaveLength(scans.length);
  });

  it('never puts two scans of one ticket in one batch or in two batches at once', async () => {
    const { batches, write } = recordingWriter();
    const queue = new CheckinBatches(write, (s: FakeScan) => s.ticket);
    const scans = Array.from({ length: 60 }, (_, i) => ({ ticket: i % 3 === 0 ? 'same' : `t${i}` }));
    await Promise.all(scans.map((s) => queue.write(s)));
    for (const batch of batches) expect(batch.filter((s) => s.ticket === 'same').length).toBeLessThanOrEqual(1);
    expect(batches.flat().filter((s) => s.ticket === 'same')).toHaveLength(20);
  });

  it('retries a failed batch one scan at a time, so only the failing scan is refused', async () => {
    const { write } = recordingWriter();
    const queue = new CheckinBatches(write, (s: FakeScan) => s.ticket);
    const scans: FakeScan[] = Array.from({ length: 40 }, (_, i) => ({ ticket: `t${i}`, poison: i === 17 }));
    const settled = await Promise.allSettled(scans.map((s) => queue.write(s)));
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[17]).toMatchObject({ status: 'rejected', reason: new Error('poisoned batch') });
    expect(settled[3]).toEqual({ status: 'fulfilled', value: 'answer t3' });
  });
});
