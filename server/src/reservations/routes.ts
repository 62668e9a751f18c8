/** /api/reservations: hold tickets, list and read your reservations, pay, cancel. */
import {
  AnswersRequestSchema,
  PayRequestSchema,
  ReservationListQuerySchema,
  ReservationRequestSchema,
  ReservationSchema,
  QUEUE_PASS_HEADER,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PaymentProvider } from '../payments/provider.js';
import { createCursorCodec } from '../platform/cursor.js';
import { requireVerifiedEmail } from '../accounts/verified-email.js';
import { currentUser, requireUser } from '../security/auth.js';
import { createRateLimitStore } from '../security/rate-limit-store.js';
import { expireReservation } from './expiry.js';
import { HoldRateLimits } from './hold-limits.js';
import { HoldGroups } from './hold-groups.js';
import { HoldReads } from './hold-read.js';
import { answerKeyedFailure, holdKeyOf, HoldRefusals } from './hold-keys.js';
import { holdTickets } from './hold.js';
import { guardCodeTry } from './code-guesses.js';
import { AppError } from '../platform/errors.js';
import type { AttemptLimiter } from '../security/attempt-limiter.js';
import { withIdempotency, type StoredAnswer } from './idempotency.js';
import { snapshot } from './admin-actions.js';
import { cancelReservation } from './cancellation.js';
import { payReservation, startCheckout } from './payment-flow.js';
import { loadVisibleReservation, listForUser, sendRendered, toReservations } from './queries.js';
import { answeredReservation } from '../questions/answers.js';
import { replaceAnswers } from '../questions/edit-answers.js';

const tags = ['reservations'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export interface ReservationRouteOptions {
  provider: PaymentProvider;
  cursorSecret: string;
  holdMinutes: number;
  /** Replaces the hold logic; only the benchmark's deliberately broken double uses this. */
  hold?: typeof holdTickets;
  /** Code tries per client address (code-guesses.ts). */
  codeTries: AttemptLimiter;
  /**
   * The waiting room's gate (queue/room.ts requirePass), given whether the event's room is on as
   * the hold's first read saw it: throws 403 queue_required without a valid pass.
   */
  requireQueuePass?: (queueEnabled: boolean, eventId: string, userId: string, pass: string | undefined) => void;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}

function send(reply: FastifyReply, answer: StoredAnswer) {
  if (answer.statusCode >= 400)
    return reply.code(answer.statusCode).type('application/problem+json; charset=utf-8').send(JSON.stringify(answer.body));
  return reply.code(answer.statusCode).send(answer.body);
}

export const reservationRoutes: FastifyPluginAsyncTypebox<ReservationRouteOptions> = (app, options) => {
  const db = app.services.database.db;
  const { announce } = app.services;
  const cursors = createCursorCodec(options.cursorSecret);
  const groups = new HoldGroups(db);
  const reads = new HoldReads(db);
  const refusals = new HoldRefusals(db);
  const { config, redis, redisNamespace } = app.services;
  const holdRates = new HoldRateLimits(createRateLimitStore(redis, redisNamespace), config.holdsPerMinute);
  const invoicing = { invoiceTimeZone: config.defaultTimeZone };
  const refunds = { db, provider: options.provider, attempts: app.services.metrics.refundAttempts, ...invoicing };
  const one = async (id: string) => {
    const [reservation] = await toReservations(db, app.services.ticketSigner, [
      await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    ]);
    // One reservation carries its answers to the event's questions (lists do not).
    return reservation && answeredReservation(db, reservation);
  };
  app.addHook('onRequest', requireUser);

  app.post(
    '/',
    {
      onRequest: requireVerifiedEmail,
      schema: {
        tags,
        summary: 'Hold tickets for 30 minutes (honours Idempotency-Key)',
        body: ReservationRequestSchema,
        response: { 201: ReservationSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const key = holdKeyOf(idempotencyKey(request), request.body);
      await holdRates.count(user.id, request.ip);
      const header = request.headers[QUEUE_PASS_HEADER];
      const pass = typeof header === 'string' ? header : undefined;
      const gate = options.requireQueuePass;
      // A hold with a code is a try at it: a code that works (anything but code_invalid) is given back.
      const codeWorked = request.body.code === undefined ? undefined : await guardCodeTry(options.codeTries, { userId: user.id });
      let answer: StoredAnswer;
      try {
        // The hold answers the reservation from what it wrote: nothing is read back.
        const reservation = await (options.hold ?? holdTickets)(db, {
          userId: user.id,
          buyerName: user.name,
          buyerEmail: user.email,
          request: request.body,
          holdMinutes: options.holdMinutes,
          groups,
          reads,
          key,
          ...(gate === undefined
            ? {}
            : { admit: (queueEnabled: boolean) => gate(queueEnabled, request.body.eventId, user.id, pass) }),
        });
        // A free order was paid in the hold's transaction: read back once, for its signed QR codes.
        answer = { statusCode: 201, body: reservation.status === 'paid' ? await one(reservation.id) : reservation };
        await codeWorked?.();
      } catch (err) {
        if (codeWorked !== undefined && !(err instanceof AppError && err.code === 'code_invalid')) await codeWorked();
        // Not remembered for the key: the same request is right once the waiting room admits the buyer.
        if (key === undefined || (err instanceof AppError && err.code === 'queue_required')) throw err;
        // The key's first answer again, or this refusal remembered for it (hold-keys.ts).
        answer = await answerKeyedFailure(db, refusals, user.id, key, err, one);
      } finally {
        announce.availabilityChanged(request.body.eventId); // also after a failure: it may have reclaimed stale holds
      }
      return send(reply, answer);
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Your reservations, newest first',
        querystring: ReservationListQuerySchema,
        response: { 200: pageSchema(ReservationSchema) },
      },
    },
    async (request, reply) =>
      sendRendered(reply, await listForUser(db, app.services.ticketSigner, cursors, currentUser(request).id, request.query)),
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'One of your reservations', params: Params, response: { 200: ReservationSchema } } },
    async (request) => {
      let row = await loadVisibleReservation(db, request.params.id, currentUser(request));
      if (row.status === 'pending_payment' && Date.parse(row.expires_at) <= Date.now() && (await expireReservation(db, row.id))) {
        announce.availabilityChanged(row.event_id);
        row = await loadVisibleReservation(db, row.id, currentUser(request));
      }
      return one(row.id);
    },
  );

  app.post(
    '/:id/pay',
    {
      schema: {
        tags,
        summary: 'Pay a pending reservation (honours Idempotency-Key); with Stripe, answers { checkoutUrl }',
        params: Params,
        body: PayRequestSchema,
        response: {
          200: Type.Union([Type.Object({ checkoutUrl: Type.String() }, { additionalProperties: false }), ReservationSchema]),
        },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await loadVisibleReservation(db, request.params.id, user);
      const answer = await withIdempotency(
        db,
        idempotencyKey(request),
        { userId: user.id, action: `pay:${row.id}` },
        request.body,
        async () => {
          if (options.provider.kind === 'redirect') {
            return { statusCode: 200, body: await startCheckout(db, options.provider, row, app.services.config.publicUrl) };
          }
          const paid = await payReservation(db, options.provider, row, request.body, user.id, invoicing).finally(() =>
            announce.availabilityChanged(row.event_id),
          );
          return { statusCode: 200, body: await one(paid.id) };
        },
      );
      return send(reply, answer);
    },
  );

  app.put(
    '/:id/answers',
    {
      schema: {
        tags,
        summary:
          "Replace the answers to the event's questions, until the event starts or a ticket of it is checked in (409 after)",
        params: Params,
        body: AnswersRequestSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      await replaceAnswers(db, currentUser(request).id, request.params.id, request.body.answers);
      return one(request.params.id);
    },
  );

  app.post(
    '/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel; a paid one is refunded within the event refund policy (409 refund_not_allowed after it)',
        params: Params,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const row = await loadVisibleReservation(db, request.params.id, user);
      const byBuyer = row.user_id === user.id;
      const done = await cancelReservation(refunds, row, {
        refund: true,
        actorId: user.id,
        reason: byBuyer ? 'byBuyer' : 'byOrganiser',
        byBuyer,
        // Someone else's reservation (an admin acting for the buyer) is audited like the admin route.
        ...(byBuyer
          ? {}
          : {
              audit: {
                actorId: user.id,
                action: 'reservation.cancel',
                entityType: 'reservation',
                entityId: row.id,
                before: snapshot(row),
                ip: request.ip,
              },
            }),
      });
      announce.availabilityChanged(done.event_id);
      return one(done.id);
    },
  );
  return Promise.resolve();
};
