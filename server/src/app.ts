/**
 * Builds one app instance: Fastify with TypeBox, the error module, metrics, health, API docs,
 * every API domain under /api, and the web app. Used by main.ts, the tests and the benchmarks.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import pino, { type Logger } from 'pino';
import { LIMITS } from '@iatichet/contracts';
import { registerApi } from './api.js';
import type { Config } from './config/config.js';
import { createAccountsContext } from './accounts/accounts-context.js';
import { CatalogCache } from './catalog/catalog-cache.js';
import { createPaymentProvider } from './payments/create-provider.js';
import type { holdTickets } from './reservations/hold.js';
import { refundRetryJob, registerRefundGauge } from './reservations/refund-queue.js';
import { startSweeper } from './reservations/sweeper.js';
import { createQueueStore } from './queue/create-store.js';
import { AdmissionLoop } from './queue/admission.js';
import { QueueRoom } from './queue/room.js';
import { OfferScheduler } from './waitlist/offer-scheduler.js';
import { emailDeliveryJob } from './email/delivery-job.js';
import { TicketSigner } from './tickets/ticket-signer.js';
import { scanBatcher, type ScanBatcher } from './checkin/checkin.js';
import { ticketAttachments } from './tickets/ticket-attachments.js';
import { invoiceAttachments } from './invoices/invoice-attachments.js';
import { registerPosters } from './catalog/posters-static.js';
import { embedRoutes } from './embed/embed-routes.js';
import { posterForPrint } from './catalog/posters.js';
import { registerApiDocs } from './platform/api-docs.js';
import { persistentSecret } from './platform/secrets.js';
import { initSentry } from './platform/sentry.js';
import { registerAuth } from './security/auth.js';
import { createRateLimitStore } from './security/rate-limit-store.js';
import { apiTokenResolver } from './organizers/api-tokens.js';
import { registerHttpSecurity } from './security/http-security.js';
import { registerInputHygiene } from './security/input-hygiene.js';
import { installErrorHandler, sendProblem, toAppError } from './platform/errors.js';
import { registerLocale } from './platform/i18n.js';
import { registerRequestLog } from './platform/request-log.js';
import { healthRoutes } from './platform/health.js';
import { lazyChildLoggerFactory, loggerOptions } from './platform/logger.js';
import { instrumentRequests } from './platform/metrics.js';
import { createServices, type ServiceOverrides, type Services } from './platform/services.js';
import { requestValidatorCompiler } from './platform/validators.js';
import { registerWebApp } from './platform/web-app.js';
import { registerRealtime, type RealtimeOptions } from './realtime/realtime-server.js';
import { systemResolver } from './webhooks/address-guard.js';
import { registerWebhookGauge, startWebhookJob, type WebhookJobOptions } from './webhooks/delivery-job.js';

/**
 * The services of one app: the shared infrastructure (platform/services.ts) and the per-app state
 * of the domains, made once here and reached through `app.services` rather than kept in
 * module-level maps keyed by the database. Declared here, above the domains, so that platform/
 * names none of them.
 */
export interface AppServices extends Services {
  /** Signs and verifies QR codes with this instance's key. */
  ticketSigner: TicketSigner;
  /** Gathers the door's concurrent scans into batches (checkin/checkin.ts). */
  checkinScans: ScanBatcher;
  /** Waiting rooms (queue/): places, challenges and passes; the admission loop (started with background jobs). */
  queueRoom: QueueRoom;
  queueAdmission: AdmissionLoop;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

export interface BuildOptions extends ServiceOverrides {
  config: Config;
  /** Folder of the built web app; omitted: the API only. */
  webRoot?: string;
  logger?: Logger;
  /** false: no expiry sweeper (tests that drive expiry themselves). */
  backgroundJobs?: boolean;
  /** Replaces the hold logic: only for the benchmark's proof that a broken hold fails the run. */
  hold?: typeof holdTickets;
  /** Tests only: where the Stripe SDK sends its requests (a local fake of the Stripe API). */
  stripeApiBase?: string;
  /** Tests only: shorter viewer expiry and coalescing interval for the real-time layer. */
  realtime?: Pick<RealtimeOptions, 'viewerTtlMs' | 'coalesceMs' | 'sessionRecheckMs'>;
  /** Tests only: the webhook worker's DNS, schedule scale, poll interval and timeout. */
  webhooks?: WebhookJobOptions;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logger = options.logger ?? pino(loggerOptions(config));
  const fastifyOptions: FastifyServerOptions = {
    loggerInstance: logger,
    // One line per request, from platform/request-log.ts, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.trustProxy,
    // A well-formed incoming x-request-id is kept so one id follows a request across services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    // A malformed URL (bad percent-encoding) fails before routing, outside the error handler.
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(reply, toAppError(error), config.defaultLocale);
    },
  };
  const app = Fastify(fastifyOptions).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  // Bodies validated as sent, query strings and parameters coerced from text (platform/validators.ts).
  app.setValidatorCompiler(requestValidatorCompiler());

  const infrastructure = createServices(config, logger, options);
  const sessionSecret = persistentSecret(config.dataDir, 'session-secret', config.sessionSecret);
  // Waiting rooms (queue/): places in the store (database, or Redis when configured), signed
  // challenges and passes. Their key is derived from the session secret, which every instance
  // already shares (SESSION_SECRET or a shared DATA_DIR), so a pass one instance signs, all accept.
  const queueRoom = new QueueRoom({
    db: infrastructure.database.db,
    store: createQueueStore(infrastructure),
    secret: createHmac('sha256', sessionSecret).update('iatichet waiting-room passes').digest('base64url'),
    difficulty: config.queuePowDifficulty,
    pubsub: infrastructure.pubsub,
  });
  const services: AppServices = {
    ...infrastructure,
    ticketSigner: await TicketSigner.open(infrastructure.database.db, config.dataDir, config.ticketSigningKey).catch(
      async (err: unknown) => {
        await infrastructure.close();
        throw err;
      },
    ),
    checkinScans: scanBatcher(infrastructure.database.db),
    queueRoom,
    queueAdmission: new AdmissionLoop(queueRoom, infrastructure.pubsub, { log: logger }),
  };
  app.decorate('services', services);
  app.addHook('onClose', async () => services.close());
  // close() drops the keep-alive connections idle at that moment; one busy then goes idle only
  // after its answer, and would hold shutdown open until the grace period kills the process.
  app.addHook('preClose', (done) => {
    if (app.server.listening) {
      const timer = setInterval(() => app.server.closeIdleConnections(), 50).unref();
      app.server.once('close', () => clearInterval(timer));
    }
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  await initSentry(config);
  registerLocale(app);
  registerRequestLog(app);
  installErrorHandler(app, config.defaultLocale);
  registerInputHygiene(app);
  instrumentRequests(app, services.metrics);
  const namespace = options.redisNamespace ?? 'iat:';
  await registerHttpSecurity(app, services, sessionSecret, namespace);
  const accounts = createAccountsContext(services, namespace);
  registerAuth(app, accounts.sessions, {
    tokens: apiTokenResolver,
    store: createRateLimitStore(services.redis, namespace),
    perMinute: config.apiTokenRatePerMinute,
  });
  await registerApiDocs(app, config.publicUrl);
  await app.register(healthRoutes, {
    database: services.database,
    redis: services.redis,
    metrics: services.metrics,
    metricsToken: config.metricsToken,
  });
  const catalogCache = new CatalogCache(services);
  await catalogCache.start();
  const provider = await createPaymentProvider(config, options.stripeApiBase);
  registerRefundGauge(services.metrics.registry, services.database.db);
  // Waiting-list offers follow every announced change of an event's availability (waitlist/offers.ts).
  const waitlistOffers = new OfferScheduler(
    services.database.db,
    { offerMinutes: config.waitlistOfferMinutes, publicUrl: config.publicUrl },
    services.announce,
    logger,
  );
  const stopListening = services.announce.listen(waitlistOffers);
  app.addHook('onClose', async () => {
    stopListening();
    await waitlistOffers.idle();
  });
  await app.register(registerApi, {
    prefix: '/api',
    accounts,
    catalogCache,
    cursorSecret: sessionSecret,
    provider,
    waitlistOffers,
    hold: options.hold,
    queueRoom: services.queueRoom,
    webhookResolver: options.webhooks?.resolve ?? systemResolver,
  });
  registerWebhookGauge(services.metrics.registry, services.database.db);
  registerRealtime(app, { ...options.realtime, sessions: accounts.sessions, namespace });
  if (options.backgroundJobs !== false) {
    const tickets = ticketAttachments(services.database.db, services.ticketSigner, config.organizerName, (key) =>
      posterForPrint(services.uploads, key),
    );
    const invoices = invoiceAttachments(services.database.db);
    const emails = emailDeliveryJob(
      services.database.db,
      config,
      // A paid reservation's confirmation carries its tickets and its invoice.
      async (reservationId) => [...(await tickets(reservationId)), ...(await invoices(reservationId))],
      (line) => logger.info(line),
    );
    const refunds = refundRetryJob({
      db: services.database.db,
      provider,
      attempts: services.metrics.refundAttempts,
      invoiceTimeZone: services.config.defaultTimeZone,
    });
    const waitlist = { name: 'waitlist offers', run: () => waitlistOffers.sweep() };
    const sweeper = startSweeper(services.database.db, logger, 5000, [emails, refunds, waitlist], services.announce);
    app.addHook('onClose', async () => {
      await sweeper.stop();
      emails.mailer.close();
    });
    services.queueAdmission.start();
    app.addHook('onClose', () => services.queueAdmission.stop());
    const webhooks = startWebhookJob(
      services.database.db,
      config,
      services.metrics,
      logger,
      options.webhooks?.resolve ?? systemResolver,
      options.webhooks,
    );
    app.addHook('onClose', () => webhooks.stop());
  }
  registerPosters(app, services.uploads);
  await app.register(embedRoutes);
  await registerWebApp(app, options.webRoot);
  return app;
}
