/**
 * Short codes: what a person types at the door when a QR code will not scan. Ten characters of
 * Crockford's base32 (0-9 and A-Z without I, L, O, U), so nothing reads as two letters: 32^10 ≈
 * 1.1 × 10^15 codes, drawn from crypto randomness. With a million tickets sold, one guess hits a
 * real ticket with a chance of about 1 in 10^9, and a guesser is a staff account limited to
 * `CHECKIN_SHORT_CODE_MISSES` unknown codes per window besides the global request budget.
 *
 * Typed codes are forgiving: case, spaces and hyphens are ignored, and the letters people confuse
 * with digits (O, I, L) read as 0, 1, 1, as Crockford specifies.
 */
import { randomBytes } from 'node:crypto';

export const SHORT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SHORT_CODE_LENGTH = 10;

export function newShortCode(): string {
  const bytes = randomBytes(SHORT_CODE_LENGTH);
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  return Array.from(bytes, (b) => SHORT_CODE_ALPHABET.charAt(b % 32)).join('');
}

/** The canonical short code a person meant, or null when the text cannot be one. */
export function normalizeShortCode(typed: string): string | null {
  const cleaned = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== SHORT_CODE_LENGTH) return null;
  for (const ch of cleaned) if (!SHORT_CODE_ALPHABET.includes(ch)) return null;
  return cleaned;
}

/** As printed: two groups of five, easier to read out and to type. */
export function formatShortCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Whether a failed write collided with the unique index on tickets.short_code. */
export function isShortCodeCollision(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  const text = [e?.message, e?.constraint].filter((part) => typeof part === 'string').join(' ');
  return (e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE') && text.includes('short_code');
}
