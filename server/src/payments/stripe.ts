/**
 * Stripe Checkout. /pay creates a Checkout Session and answers its URL; the reservation becomes
 * paid when the signed webhook `checkout.session.completed` arrives. The SDK talks to
 * api.stripe.com, or to a local fake in tests (`apiBase`).
 */
import type Stripe from 'stripe';
import type { ChargeResult, CheckoutInput, CheckoutResult, PaymentProvider, RefundResult } from './provider.js';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Tests only: a local fake of the Stripe API, e.g. http://127.0.0.1:12345. */
  apiBase?: string;
}

export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly kind = 'redirect' as const;
  readonly client: Stripe;

  private constructor(
    readonly options: StripeOptions,
    client: Stripe,
  ) {
    this.client = client;
  }

  /** Loads the SDK only when Stripe is the configured provider. */
  static async create(options: StripeOptions): Promise<StripeProvider> {
    const { default: StripeSdk } = await import('stripe');
    const base = options.apiBase === undefined ? undefined : new URL(options.apiBase);
    const client = new StripeSdk(options.secretKey, {
      maxNetworkRetries: 1,
      timeout: 10_000,
      ...(base
        ? { host: base.hostname, port: Number(base.port), protocol: base.protocol.replace(':', '') as 'http' | 'https' }
        : {}),
    });
    return new StripeProvider(options, client);
  }

  charge(): Promise<ChargeResult> {
    return Promise.resolve({ status: 'declined', reason: 'Stripe payments go through Checkout.' });
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    // Stripe allows at least 30 minutes; the hold decides what happens to a late payment.
    const expiresAt = Math.max(Math.floor(Date.parse(input.expiresAt) / 1000), Math.floor(Date.now() / 1000) + 30 * 60 + 5);
    try {
      const session = await this.client.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: input.reservationId,
          metadata: { reservationId: input.reservationId, code: input.code },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.currency.toLowerCase(),
                unit_amount: input.amountCents,
                product_data: { name: `${input.title} (${input.code})` },
              },
            },
          ],
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          expires_at: expiresAt,
        },
        // Stripe refuses a key reused with other parameters, and expires_at moves with the clock:
        // the key names it, so a second Pay a moment later is a new session, a double click the same.
        { idempotencyKey: `${input.idempotencyKey}:${String(expiresAt)}` },
      );
      if (session.url === null) return { status: 'unavailable', reason: 'Stripe returned no checkout URL.' };
      return { status: 'created', url: session.url, sessionId: session.id };
    } catch (err) {
      return { status: 'unavailable', reason: err instanceof Error ? err.message : 'Stripe error' };
    }
  }

  async refund(input: { providerRef: string; amountCents: number; idempotencyKey: string }): Promise<RefundResult> {
    try {
      const refund = await this.client.refunds.create(
        { payment_intent: input.providerRef, amount: input.amountCents },
        { idempotencyKey: input.idempotencyKey },
      );
      return { status: 'succeeded', providerRef: refund.id };
    } catch (err) {
      return { status: 'unavailable', reason: err instanceof Error ? err.message : 'Stripe error' };
    }
  }

  /** The verified event, or undefined when the signature does not match the body. */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): Stripe.Event | undefined {
    if (signature === undefined) return undefined;
    try {
      return this.client.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret);
    } catch {
      return undefined;
    }
  }
}
