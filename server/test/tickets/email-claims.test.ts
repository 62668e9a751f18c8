/**
 * The email queue's claim: a message is sent by one sender at a time. A send that takes longer
 * than the claim's first two minutes (a slow mail server; nodemailer waits up to ten minutes on a
 * silent socket) keeps its claim while it is alive, so no other instance sends the same message
 * meanwhile; and a sender whose claim was taken over (it really was dead for a while) records
 * nothing over the new owner's outcome: a message sent stays sent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Mailer, OutgoingEmail } from '../../src/email/mailer.js';
import { deliverDueEmails, enqueueEmail } from '../../src/email/outbox.js';
import { backends } from '../support/backends.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** A mailer whose sends wait until the test lets them end. */
function stalledMailer() {
  const sent: OutgoingEmail[] = [];
  let finish: (err?: Error) => void = () => undefined;
  let started: () => void = () => undefined;
  const begun = new Promise<void>((resolve) => (started = resolve));
  const mailer: Mailer = {
    send: (email) =>
      new Promise<void>((resolve, reject) => {
        sent.push(email);
        finish = (err) => (err === undefined ? resolve() : reject(err));
        started();
      }),
    close: () => undefined,
  };
  return { mailer, sent, begun, finish: (err?: Error) => finish(err) };
}

function recordingMailer() {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: (email) => (sent.push(email), Promise.resolve()), close: () => undefined };
  return { mailer, sent };
}

const noAttachments = () => Promise.resolve([]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('email claims on %s', (backend) => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
  });
  afterAll(() => env.close());
  afterEach(() => vi.useRealTimers());

  const queue = async (to: string) => {
    await enqueueEmail(env.database.db, {
      kind: 'test',
      to,
      subject: 'Hello',
      body: 'Hello',
      reservationId: null,
      attachTickets: false,
    });
  };
  const row = (to: string) =>
    env.database.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow();

  it('does not send a message again while its first, slow send is still going', async () => {
    const to = `slow-${backend}@example.com`;
    await queue(to);
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const slow = stalledMailer();
    const first = deliverDueEmails(env.database.db, slow.mailer, noAttachments);
    await slow.begun;
    // Three minutes of a silent mail server: past the claim's first two minutes.
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await pause(200);
    const other = recordingMailer();
    await deliverDueEmails(env.database.db, other.mailer, noAttachments);
    slow.finish();
    expect(await first).toEqual({ sent: 1, failed: 0 });
    expect(other.sent.filter((m) => m.to === to)).toHaveLength(0);
    expect(await row(to)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it("leaves a message another sender sent as sent when the first sender's late failure comes back", async () => {
    const to = `taken-${backend}@example.com`;
    await queue(to);
    vi.useFakeTimers({ toFake: ['Date'] });
    const slow = stalledMailer();
    const first = deliverDueEmails(env.database.db, slow.mailer, noAttachments);
    await slow.begun;
    // The first sender's process was frozen (no renewals) well past its claim: another takes over and sends.
    vi.setSystemTime(Date.now() + 5 * 60_000);
    const other = recordingMailer();
    await deliverDueEmails(env.database.db, other.mailer, noAttachments);
    expect(other.sent.filter((m) => m.to === to)).toHaveLength(1);
    expect(await row(to)).toMatchObject({ status: 'sent' });
    slow.finish(new Error('socket timeout'));
    await first;
    expect(await row(to)).toMatchObject({ status: 'sent', last_error: null });
    // Nothing is due again: it is not sent a third time.
    vi.setSystemTime(Date.now() + 24 * 3600_000);
    const later = recordingMailer();
    await deliverDueEmails(env.database.db, later.mailer, noAttachments);
    expect(later.sent.filter((m) => m.to === to)).toHaveLength(0);
  });
});
