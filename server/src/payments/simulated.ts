/**
 * The built-in simulated provider (PAYMENT_PROVIDER=simulated, the default): the test cards of
 * API.md succeed, are declined, or behave as an outage. Charges are remembered per idempotency key.
 */
import { randomUUID } from 'node:crypto';
import { TEST_CARDS } from '@iatichet/contracts';
import type { ChargeInput, ChargeResult, PaymentProvider, RefundResult } from './provider.js';

export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated';
  readonly kind = 'card' as const;
  private readonly charges = new Map<string, ChargeResult>();

  charge(input: ChargeInput): Promise<ChargeResult> {
    const previous = this.charges.get(input.idempotencyKey);
    if (previous !== undefined) return Promise.resolve(previous);
    const result = this.decide(input);
    if (result.status !== 'unavailable') this.charges.set(input.idempotencyKey, result);
    return Promise.resolve(result);
  }

  private decide(input: ChargeInput): ChargeResult {
    const card = input.card;
    if (card === undefined) return { status: 'declined', reason: 'A card is required.' };
    const number = card.number.replace(/\s+/g, '');
    const now = new Date();
    const expired =
      card.expYear < now.getUTCFullYear() || (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1);
    if (expired) return { status: 'declined', reason: 'The card has expired.' };
    if (number === TEST_CARDS.outage) return { status: 'unavailable', reason: 'The payment provider did not answer.' };
    if (number === TEST_CARDS.success) return { status: 'succeeded', providerRef: `sim_ch_${randomUUID()}` };
    if (number === TEST_CARDS.declined) return { status: 'declined', reason: 'The card was declined.' };
    return { status: 'declined', reason: 'Unknown card: in simulated mode use one of the test cards.' };
  }

  refund(): Promise<RefundResult> {
    return Promise.resolve({ status: 'succeeded', providerRef: `sim_re_${randomUUID()}` });
  }
}
