/**
 * Reading and verifying a ticket's QR text in the browser, exactly as the server's signer does
 * (server/src/tickets/ticket-signer.ts): "IT1" + base32(kid 3 bytes | ticket id 16 bytes |
 * Ed25519 signature 64 bytes), the signature over the ASCII "IT1" followed by kid and ticket id;
 * a ticket that changed hands has an "IT2" code with its generation (4 bytes, big-endian) after the
 * ticket id, signed over "IT2" and everything before the signature.
 * The public keys come from the check-in snapshot (raw 32-byte keys in base64), imported once
 * into WebCrypto.
 */
const PREFIX = 'IT1';
const PREFIX_GENERATION = 'IT2';
const GENERATION_BYTES = 4;
const KID_BYTES = 3;
const ID_BYTES = 16;
const SIGNATURE_BYTES = 64;
const PAYLOAD_BYTES = KID_BYTES + ID_BYTES + SIGNATURE_BYTES;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding; null unless canonical (as the server decides). */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits >= 5 || buffer !== 0) return null;
  return Uint8Array.from(out);
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function uuidText(bytes: Uint8Array): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The keys of a snapshot, imported into WebCrypto once, by key id (hex). */
export type KeyRing = Map<string, CryptoKey>;

export async function importKeys(publicKeys: { kid: string; publicKey: string }[]): Promise<KeyRing> {
  const ring: KeyRing = new Map();
  for (const { kid, publicKey } of publicKeys) {
    const key = await crypto.subtle.importKey('raw', fromBase64(publicKey), { name: 'Ed25519' }, false, ['verify']);
    ring.set(kid, key);
  }
  return ring;
}

/** What a genuine code names: the ticket and which of its codes (0 until its first transfer). */
export interface VerifiedCode {
  ticketId: string;
  generation: number;
}

/** The ticket a genuine code names, or null for anything forged, altered, malformed or signed by an unknown key. */
export async function verifyTicketCode(code: string, keys: KeyRing): Promise<VerifiedCode | null> {
  const text = code.trim();
  const prefix = text.slice(0, PREFIX.length);
  const generationBytes = prefix === PREFIX ? 0 : prefix === PREFIX_GENERATION ? GENERATION_BYTES : -1;
  if (generationBytes < 0) return null;
  const bytes = base32Decode(text.slice(prefix.length));
  if (bytes?.length !== PAYLOAD_BYTES + generationBytes) return null;
  const key = keys.get(hex(bytes.subarray(0, KID_BYTES)));
  if (key === undefined) return null;
  const bodyLength = KID_BYTES + ID_BYTES + generationBytes;
  const signed = new Uint8Array(prefix.length + bodyLength);
  signed.set(new TextEncoder().encode(prefix), 0);
  signed.set(bytes.subarray(0, bodyLength), prefix.length);
  const signature = bytes.slice(bodyLength);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed))) return null;
  const generation = generationBytes === 0 ? 0 : new DataView(bytes.buffer).getUint32(KID_BYTES + ID_BYTES);
  // The server never issues "IT2" with generation 0; refused as it does.
  if (generationBytes > 0 && generation === 0) return null;
  return { ticketId: uuidText(bytes.subarray(KID_BYTES, KID_BYTES + ID_BYTES)), generation };
}
