/** What iaTichet needs from a payment provider: charge a reservation, refund a charge. */
export interface ChargeInput {
  reservationId: string;
  amountCents: number;
  currency: string;
  card?: { number: string; expMonth: number; expYear: number; cvc: string };
  /** Same key, same charge: a retried request never charges twice at the provider either. */
  idempotencyKey: string;
}

export type ChargeResult =
  | { status: 'succeeded'; providerRef: string }
  | { status: 'declined'; reason: string }
  | { status: 'unavailable'; reason: string };

export type RefundResult = { status: 'succeeded'; providerRef: string } | { status: 'unavailable'; reason: string };

export interface CheckoutInput {
  reservationId: string;
  code: string;
  title: string;
  amountCents: number;
  currency: string;
  expiresAt: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

export type CheckoutResult = { status: 'created'; url: string; sessionId: string } | { status: 'unavailable'; reason: string };

export interface PaymentProvider {
  readonly name: string;
  /** 'card': /pay charges at once. 'redirect': /pay answers a checkout URL and a webhook confirms. */
  readonly kind: 'card' | 'redirect';
  charge(input: ChargeInput): Promise<ChargeResult>;
  createCheckout?(input: CheckoutInput): Promise<CheckoutResult>;
  refund(input: { providerRef: string; amountCents: number; currency: string; idempotencyKey: string }): Promise<RefundResult>;
}
