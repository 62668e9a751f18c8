import type { Config } from '../config/config.js';
import type { PaymentProvider } from './provider.js';
import { SimulatedProvider } from './simulated.js';
import { StripeProvider } from './stripe.js';

export async function createPaymentProvider(config: Config, stripeApiBase?: string): Promise<PaymentProvider> {
  if (config.payment.provider === 'stripe') {
    return StripeProvider.create({
      secretKey: config.payment.secretKey,
      webhookSecret: config.payment.webhookSecret,
      apiBase: stripeApiBase,
    });
  }
  return new SimulatedProvider();
}
