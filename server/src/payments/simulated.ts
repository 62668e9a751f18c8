/**
 * The built-in simulated provider (PAYMENT_PROVIDER=simulated, the default): the test cards of
 * API.md succeed, are declined, or behave as an outage. Charges and refunds are remembered per
 * idempotency key, as a real provider's are: the same key never refunds twice. The card
 * `refundFailsOnce` charges normally, and the first refund of that charge fails (in this process).
 */
import { randomUUID } from 'node:crypto';
import { TEST_CARDS } from '@iatichet/contracts';
import type { ChargeInput, ChargeResult, PaymentProvider, RefundResult } from './provider.js';

const REFUND_FAILS_ONCE = 'sim_ch_refund_fails_once_';

export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated';
  readonly kind = 'card' as const;
  private readonly charges = new Map<string, ChargeResult>();
  private readonly refunds = new Map<string, RefundResult>();
  private readonly failedRefunds = new Set<string>();

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
    if (number === TEST_CARDS.refundFailsOnce) return { status: 'succeeded', providerRef: `${REFUND_FAILS_ONCE}${randomUUID()}` };
    if (number === TEST_CARDS.declined) return { status: 'declined', reason: 'The card was declined.' };
    return { status: 'declined', reason: 'Unknown card: in simulated mode use one of the test cards.' };
  }

  refund(input: { providerRef: string; idempotencyKey: string }): Promise<RefundResult> {
    const previous = this.refunds.get(input.idempotencyKey);
    if (previous !== undefined) return Promise.resolve(previous);
    if (input.providerRef.startsWith(REFUND_FAILS_ONCE) && !this.failedRefunds.has(input.providerRef)) {
      this.failedRefunds.add(input.providerRef);
      return Promise.resolve({ status: 'unavailable', reason: 'The simulated provider failed this refund; it will be retried.' });
    }
    const result: RefundResult = { status: 'succeeded', providerRef: `sim_re_${randomUUID()}` };
    this.refunds.set(input.idempotencyKey, result);
    return Promise.resolve(result);
  }
}
