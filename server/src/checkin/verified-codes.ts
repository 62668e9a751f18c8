/**
 * Codes already found genuine, remembered by one app instance. Offline devices send the same
 * tickets again (every device at a door scans the same crowd, and a sync is retried), and checking
 * an Ed25519 signature is the largest cost of judging a synced scan. A genuine code stays genuine
 * (signatures are deterministic and every public key is kept), so only genuine codes are kept;
 * anything else is checked again each time.
 */
import type { TicketSigner, VerifiedCode } from '../tickets/ticket-signer.js';

/** About 20,000 tickets' codes (136 characters each, plus the id): a few MB at most. */
const REMEMBERED_MAX = 20_000;

export type VerifyCode = (code: string) => Promise<VerifiedCode | null>;

export function rememberingVerifier(signer: Pick<TicketSigner, 'verify'>): VerifyCode {
  // A code that names an old generation stays genuine (its signature is): it is remembered as
  // such, and the write path refuses it against the ticket's current generation.
  const genuine = new Map<string, VerifiedCode>();
  return async (code) => {
    const known = genuine.get(code);
    if (known !== undefined) return known;
    const verified = await signer.verify(code);
    if (verified !== null) {
      if (genuine.size >= REMEMBERED_MAX) genuine.clear();
      genuine.set(code, verified);
    }
    return verified;
  };
}
