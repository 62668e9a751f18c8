/**
 * Signs and verifies ticket QR payloads with Ed25519. The private key comes from
 * TICKET_SIGNING_KEY or is generated once under DATA_DIR. Every public key that ever signed is
 * kept in `ticket_signing_keys`, so after a rotation the older tickets still verify, on every
 * instance, and an offline scanner needs only those public keys.
 *
 * Payload: "IT1" + base32(kid 3 bytes | ticket id 16 bytes | signature 64 bytes), 136 characters
 * of the QR alphanumeric set. The ticket id is a random UUID: nothing private is in the code.
 * A ticket that changed hands (tickets/transfers.ts) carries its generation, so that its new code
 * differs from the old one (Ed25519 is deterministic) and the door can tell them apart:
 * "IT2" + base32(kid | ticket id | generation 4 bytes big-endian | signature), signed over "IT2"
 * and everything before the signature. Generation 0 is always written as "IT1": codes printed
 * before transfers existed stay valid and unchanged.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { base32Decode, base32Encode } from './base32.js';

const PREFIX = 'IT1';
const PREFIX_GENERATION = 'IT2';
const KID_BYTES = 3;
const ID_BYTES = 16;
const GENERATION_BYTES = 4;
const SIGNATURE_BYTES = 64;
const PAYLOAD_BYTES = KID_BYTES + ID_BYTES + SIGNATURE_BYTES;

/** What a genuine code names: the ticket, and which of its codes (0 until its first transfer). */
export interface VerifiedCode {
  ticketId: string;
  generation: number;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_FILE = 'ticket-signing-key.pem';
/** A key id the database did not know is not asked about again for this long (bounds lookups by garbage). */
const UNKNOWN_KID_TTL_MS = 5_000;
const UNKNOWN_KID_MAX = 1_000;

function loadPrivateKey(dataDir: string, configured: string | undefined): KeyObject {
  if (configured !== undefined) {
    return configured.includes('BEGIN')
      ? createPrivateKey(configured.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(configured, 'base64'), format: 'der', type: 'pkcs8' });
  }
  const file = path.join(dataDir, KEY_FILE);
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch {
      return createPrivateKey(readFileSync(file, 'utf8')); // another instance wrote it first
    }
    return createPrivateKey(pem);
  }
}

function rawPublicKey(key: KeyObject): Buffer {
  // The last 32 bytes of the SPKI DER of an Ed25519 key are the raw key.
  return key.export({ format: 'der', type: 'spki' }).subarray(-32);
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
  const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`ticket id ${id} is not a UUID`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class TicketSigner {
  private readonly kid: Buffer;
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly unknownKids = new Map<string, number>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly privateKey: KeyObject,
  ) {
    const publicKey = createPublicKey(privateKey);
    const raw = rawPublicKey(publicKey);
    this.kid = createHash('sha256').update(raw).digest().subarray(0, KID_BYTES);
    this.publicKeys.set(this.kid.toString('hex'), publicKey);
  }

  /** Loads the key and records its public half so that every instance can verify what it signs. */
  static async open(db: Kysely<Database>, dataDir: string, configured: string | undefined): Promise<TicketSigner> {
    const signer = new TicketSigner(db, loadPrivateKey(dataDir, configured));
    await db
      .insertInto('ticket_signing_keys')
      .values({
        kid: signer.kid.toString('hex'),
        public_key: rawPublicKey(createPublicKey(signer.privateKey)).toString('base64'),
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
    await signer.reloadKeys();
    return signer;
  }

  get keyId(): string {
    return this.kid.toString('hex');
  }

  /** The QR text of a ticket's code of this generation (0 until its first transfer). */
  sign(ticketId: string, generation = 0): string {
    if (!Number.isInteger(generation) || generation < 0 || generation > 0xffffffff)
      throw new Error(`generation ${generation} is out of range`);
    const prefix = generation === 0 ? PREFIX : PREFIX_GENERATION;
    const parts = [this.kid, uuidBytes(ticketId)];
    if (generation > 0) {
      const g = Buffer.alloc(GENERATION_BYTES);
      g.writeUInt32BE(generation);
      parts.push(g);
    }
    const body = Buffer.concat(parts);
    const signature = sign(null, Buffer.concat([Buffer.from(prefix), body]), this.privateKey);
    return prefix + base32Encode(Buffer.concat([body, signature]));
  }

  /** The ticket and generation a genuine code names, or null for anything forged, altered or malformed. */
  async verify(code: string): Promise<VerifiedCode | null> {
    const text = code.trim();
    const prefix = text.slice(0, PREFIX.length);
    const generationBytes = prefix === PREFIX ? 0 : prefix === PREFIX_GENERATION ? GENERATION_BYTES : -1;
    if (generationBytes < 0) return null;
    const bytes = base32Decode(text.slice(prefix.length));
    if (bytes === null || bytes.length !== PAYLOAD_BYTES + generationBytes) return null;
    const kid = bytes.subarray(0, KID_BYTES).toString('hex');
    const key = this.publicKeys.get(kid) ?? (await this.lookUpKey(kid));
    if (key === undefined) return null;
    const bodyLength = KID_BYTES + ID_BYTES + generationBytes;
    const body = bytes.subarray(0, bodyLength);
    const signature = bytes.subarray(bodyLength);
    if (!verify(null, Buffer.concat([Buffer.from(prefix), body]), key, signature)) return null;
    const generation = generationBytes === 0 ? 0 : bytes.readUInt32BE(KID_BYTES + ID_BYTES);
    // "IT2" with generation 0 is never issued: refused, so each ticket generation has one code.
    if (generationBytes > 0 && generation === 0) return null;
    return { ticketId: uuidText(bytes.subarray(KID_BYTES, KID_BYTES + ID_BYTES)), generation };
  }

  /** A key another instance started signing with (a rotation) since this one loaded its list. */
  private async lookUpKey(kid: string): Promise<KeyObject | undefined> {
    const seen = this.unknownKids.get(kid);
    if (seen !== undefined && Date.now() - seen < UNKNOWN_KID_TTL_MS) return undefined;
    const row = await this.db.selectFrom('ticket_signing_keys').select('public_key').where('kid', '=', kid).executeTakeFirst();
    if (row === undefined) {
      if (this.unknownKids.size >= UNKNOWN_KID_MAX) this.unknownKids.clear();
      this.unknownKids.set(kid, Date.now());
      return undefined;
    }
    const key = publicKeyFromRaw(Buffer.from(row.public_key, 'base64'));
    this.publicKeys.set(kid, key);
    return key;
  }

  private async reloadKeys(): Promise<void> {
    const rows = await this.db.selectFrom('ticket_signing_keys').select(['kid', 'public_key']).execute();
    for (const row of rows) {
      if (!this.publicKeys.has(row.kid)) this.publicKeys.set(row.kid, publicKeyFromRaw(Buffer.from(row.public_key, 'base64')));
    }
  }
}
