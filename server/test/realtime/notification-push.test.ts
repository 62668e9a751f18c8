/** The notification pusher looks soon after a nudge, and a stream of nudges never postpones it. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/notifications/notify.js';
import { NotificationPusher } from '../../src/realtime/notification-push.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

describe('notification pusher', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it('pushes within a poll interval while nudges keep arriving every few milliseconds', async () => {
    const [buyer] = await buyers(app, 1);
    const me = (await buyer?.get('/api/auth/me'))?.json<{ user: { id: string } }>();
    const userId = me?.user.id ?? '';
    // The app's own pusher would claim the notification too: only ours may run.
    await app.close();

    const sent: string[] = [];
    const pusher = new NotificationPusher(env.database.db, (to) => sent.push(to), app.log);
    try {
      const started = Date.now();
      await notify(env.database.db, { userId, type: 'payment_confirmed', title: 'Paid', body: 'Thank you' });
      // A flash sale: something nudges the pusher every 5 ms, for longer than its poll interval.
      while (sent.length === 0 && Date.now() - started < 1500) {
        pusher.nudge();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Before the fix every nudge postponed the look, so nothing was pushed while they kept coming.
      expect(sent).toEqual([userId]);
    } finally {
      await pusher.close();
    }
  });
});
