/**
 * POST /api/payments/stripe/webhook: verified by Stripe's signature over the raw body (so exempt
 * from CSRF). Each event is processed once, however often Stripe delivers it.
 */
import type { FastifyPluginAsync } from 'fastify';
import { isUniqueViolation } from '../accounts/users.js';
import { nowIso } from '../db/dialect.js';
import { errors } from '../platform/errors.js';
import type { StripeProvider } from './stripe.js';

export interface ReportedPayment {
  providerRef: string;
  amountCents: number;
  currency: string;
}

/**
 * Settles a paid checkout for its reservation and names the outcome. The reservations domain does
 * it (reservations/late-payment.ts); api.ts passes it in, since payments sits below reservations.
 */
export type SettlePayment = (reservationId: string, payment: ReportedPayment) => Promise<string>;

export const stripeWebhookRoutes: FastifyPluginAsync<{ provider: StripeProvider; settlePayment: SettlePayment }> = (
  app,
  { provider, settlePayment },
) => {
  const db = app.services.database.db;
  // The signature covers the exact bytes: keep them instead of parsing JSON here.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/stripe/webhook',
    { config: { csrf: false }, schema: { tags: ['payments'], summary: 'Stripe webhook (signed)', hide: false } },
    async (request, reply) => {
      const raw = request.body;
      const signature = request.headers['stripe-signature'];
      const event = Buffer.isBuffer(raw)
        ? provider.verifyWebhook(raw, typeof signature === 'string' ? signature : undefined)
        : undefined;
      if (event === undefined)
        throw errors.validation('The webhook signature is not valid.', [
          { path: '/headers/stripe-signature', message: 'invalid signature' },
        ]);

      try {
        await db
          .insertInto('idempotency_keys')
          .values({
            user_id: 'stripe',
            scope: 'webhook',
            key: event.id,
            request_hash: event.type,
            status_code: null,
            response_json: null,
            created_at: nowIso(),
          })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) return reply.send({ received: true, duplicate: true });
        throw err;
      }
      try {
        let outcome = 'ignored';
        if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
          const session = event.data.object;
          const reservationId = session.metadata?.reservationId ?? session.client_reference_id;
          const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
          if (session.payment_status === 'paid' && reservationId && intent) {
            outcome = await settlePayment(reservationId, {
              providerRef: intent,
              amountCents: session.amount_total ?? 0,
              currency: (session.currency ?? '').toUpperCase(),
            });
            const paidFor = await db
              .selectFrom('reservations')
              .select('event_id')
              .where('id', '=', reservationId)
              .executeTakeFirst();
            if (paidFor !== undefined) app.services.announce.availabilityChanged(paidFor.event_id);
          }
        }
        await db
          .updateTable('idempotency_keys')
          .set({ status_code: 200, response_json: JSON.stringify({ outcome }) })
          .where('user_id', '=', 'stripe')
          .where('scope', '=', 'webhook')
          .where('key', '=', event.id)
          .execute();
        return await reply.send({ received: true, outcome });
      } catch (err) {
        // Let Stripe deliver it again later.
        await db
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', 'stripe')
          .where('scope', '=', 'webhook')
          .where('key', '=', event.id)
          .execute();
        throw err;
      }
    },
  );
  return Promise.resolve();
};
