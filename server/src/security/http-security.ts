/**
 * The HTTP security layer in one place: headers (helmet, strict CSP), CORS, cookies, CSRF on
 * every state-changing request, and the global per-client rate limit.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import csrf from '@fastify/csrf-protection';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../platform/services.js';
import { registerGlobalRateLimit } from './global-rate-limit.js';
import { createRateLimitStore } from './rate-limit-store.js';
import { isApiRequest } from './request-path.js';
import { bearerCredential } from './bearer-auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route is exempt from CSRF (payment webhooks, verified by signature instead). */
    csrf?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

export function isSecureContext(services: Pick<Services, 'config'>): boolean {
  return services.config.nodeEnv === 'production' || services.config.publicUrl.startsWith('https:');
}

/** The helmet configuration: strict CSP, HSTS in production only. */
export function helmetOptions(production: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval' lets the check-in scanner compile its own (same-origin) QR decoder; no eval of JS.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        // MUI (emotion) injects <style> elements at run time; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  };
}

/** Exactly the headers @fastify/helmet sets for these options, read once from a throwaway instance. */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(helmet, options);
    // Helmet writes onto the raw response before the handler runs; nothing else has by then.
    probe.get('/', (_request, reply) => reply.raw.getHeaders());
    const response = await probe.inject({ method: 'GET', url: '/' });
    return response.json<Record<string, string>>();
  } finally {
    await probe.close();
  }
}

/**
 * The headers for answers that are data, not documents (the JSON API, health and metrics), after
 * the OWASP REST Security Cheat Sheet: a CSP that lets nothing load and nothing frame, nosniff,
 * same-origin resource policy, a referrer policy and, in production, HSTS. The rest of helmet's
 * set only acts on a document a browser renders (COOP, Origin-Agent-Cluster, DNS prefetch,
 * X-Download-Options for IE8, X-Permitted-Cross-Domain-Policies for Flash, X-XSS-Protection: 0,
 * X-Frame-Options, which frame-ancestors supersedes); each header costs a cached read about a
 * microsecond, so a JSON answer carries five instead of twelve.
 */
export function apiHeaders(documentHeaders: Record<string, string>): Record<string, string> {
  const hsts = documentHeaders['strict-transport-security'];
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    ...(hsts === undefined ? {} : { 'strict-transport-security': hsts }),
  };
}

/** Data answers: the API (but not its HTML documentation), health and metrics. */
export function isApiAnswer(url: string): boolean {
  if (url.startsWith('/api/')) return !url.startsWith('/api/docs');
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path === '/healthz' || path === '/readyz' || path === '/metrics';
}

export async function registerHttpSecurity(
  app: FastifyInstance,
  services: Services,
  cookieSecret: string,
  redisNamespace: string,
): Promise<void> {
  const production = services.config.nodeEnv === 'production';

  // The headers depend on the config only, so helmet computes them once here; each request then
  // copies a ready object instead of helmet re-parsing the CSP (a tenth of a cached read's CPU).
  const documentHeaders = await helmetHeaders(helmetOptions(production));
  const jsonHeaders = apiHeaders(documentHeaders);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isApiAnswer(request.url) ? jsonHeaders : documentHeaders);
    done();
  });

  const allowedOrigins = new Set(services.config.corsOrigins);
  await app.register(cors, {
    // A function, so that a foreign origin gets no CORS headers at all (not even allow-credentials).
    origin: (origin, callback) => {
      callback(null, origin !== undefined && allowedOrigins.has(origin));
    },
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['content-type', 'x-csrf-token', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
  });

  await app.register(cookie, { secret: cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'iat_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecureContext(services), signed: true },
    getToken: (request) => {
      const token = request.headers['x-csrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (
      SAFE_METHODS.has(request.method) ||
      request.routeOptions.config.csrf === false ||
      !isApiRequest(request) ||
      // A bearer request is authenticated by its token or refused (security/auth.ts), and no
      // browser attaches an Authorization header to a cross-site request on its own.
      bearerCredential(request) !== undefined
    ) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });

  // A root hook, so it runs before any route's own guards: anonymous probing is counted too.
  registerGlobalRateLimit(app, {
    max: services.config.rateLimitPerMinute,
    windowMs: 60_000,
    store: createRateLimitStore(services.redis, redisNamespace),
    unlimited: UNLIMITED,
  });
}
