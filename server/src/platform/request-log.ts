/**
 * One log line per request, written when its answer has gone: method, route (the pattern, so
 * lines group by endpoint), URL, status and time taken. Fastify's own request logging wrote two
 * lines for every request (received and completed) and is turned off (disableRequestLogging);
 * the arrival is kept at debug level for when a request that never finishes must be found.
 */
import type { FastifyInstance } from 'fastify';

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    request.log.debug({ method: request.method, url: request.url }, 'incoming request');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
