/** GET /api/payments/config: what the checkout page needs to know about the payment provider. */
import { PaymentConfigSchema, type PaymentConfig } from '@iatichet/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { PaymentProvider } from './provider.js';

export const paymentConfigRoutes: FastifyPluginAsync<{ provider: PaymentProvider }> = (app, { provider }) => {
  const config: PaymentConfig = {
    provider: provider.name === 'stripe' ? 'stripe' : 'simulated',
    flow: provider.kind,
    testCards: provider.name === 'simulated',
  };
  app.get(
    '/config',
    {
      schema: {
        tags: ['payments'],
        summary: 'How this installation takes payments: card details here, or a redirect to the provider',
        response: { 200: PaymentConfigSchema },
      },
    },
    (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return Promise.resolve(config);
    },
  );
  return Promise.resolve();
};
