/**
 * Passes: what an admitted buyer shows (x-queue-pass) to hold tickets. A pass is
 * `<expiresMs>.<mac>` where the MAC covers the event, the account and the expiry, so it is worth
 * nothing on another event or in another account's hands, and nothing once expired. No state: any
 * instance checks it with the room's secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (secret: string, eventId: string, userId: string, expires: number) =>
  createHmac('sha256', secret).update(`queue-pass:${eventId}:${userId}:${expires}`).digest('base64url');

export function issuePass(secret: string, eventId: string, userId: string, expiresAt: Date): string {
  const expires = expiresAt.getTime();
  return `${expires}.${mac(secret, eventId, userId, expires)}`;
}

export function passIsValid(secret: string, pass: string, eventId: string, userId: string, now: Date): boolean {
  const dot = pass.indexOf('.');
  if (dot <= 0) return false;
  const expires = Number(pass.slice(0, dot));
  if (!Number.isSafeInteger(expires) || expires <= now.getTime()) return false;
  const expected = Buffer.from(mac(secret, eventId, userId, expires));
  const received = Buffer.from(pass.slice(dot + 1));
  return received.length === expected.length && timingSafeEqual(received, expected);
}
