import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ProblemSchema } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3 generated from the route schemas, at /api/docs/json, with its UI at /api/docs. */
export async function registerApiDocs(app: FastifyInstance, publicUrl: string): Promise<void> {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'iaTichet API',
        version: '1.0.0',
        description: 'Events, reservations, payments, tickets and check-in. Errors are application/problem+json.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'iat_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: "An organizer's API token (iat_...), on the operations that list it",
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Its own CSP (for its inline bootstrap) lets same-origin pages frame it; no page of ours may.
    transformStaticCSP: (header) => header.replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });
}
