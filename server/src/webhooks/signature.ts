/**
 * The `iatichet-signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with
 * the hook's secret. The time inside the signed text lets a receiver refuse old replays.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'iatichet-signature';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** A new hook's secret: 32 random bytes, prefixed so that a leaked one is recognisable. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
