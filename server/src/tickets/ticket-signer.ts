/**
 * Signs and verifies ticket QR payloads with Ed25519. The private key comes from
 * TICKET_SIGNING_KEY or is generated once under DATA_DIR. Every public key that ever signed is
 * kept in `ticket_signing_keys`, so after a rotation the older tickets still verify, on every
 * instance, and an offline scanner needs only those public keys.
 *
 * Payload: "IT1" + base32(kid 3 bytes | ticket id 16 bytes | signature 64 bytes), 136 characters
 * of the QR alphanumeric set. The ticket id is a random UUID: nothing private is in the code.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { base32Decode, base32Encode } from './base32.js';

const PREFIX = 'IT1';
const KID_BYTES = 3;
const ID_BYTES = 16;
const SIGNATURE_BYTES = 64;
const PAYLOAD_BYTES = KID_BYTES + ID_BYTES + SIGNATURE_BYTES;
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

  /** The QR text of a ticket. */
  sign(ticketId: string): string {
    const body = Buffer.concat([this.kid, uuidBytes(ticketId)]);
    const signature = sign(null, Buffer.concat([Buffer.from(PREFIX), body]), this.privateKey);
    return PREFIX + base32Encode(Buffer.concat([body, signature]));
  }

  /** The ticket id a genuine code names, or null for anything forged, altered or malformed. */
  async verify(code: string): Promise<string | null> {
    const text = code.trim();
    if (!text.startsWith(PREFIX)) return null;
    const bytes = base32Decode(text.slice(PREFIX.length));
    if (bytes === null || bytes.length !== PAYLOAD_BYTES) return null;
    const kid = bytes.subarray(0, KID_BYTES).toString('hex');
    const key = this.publicKeys.get(kid) ?? (await this.lookUpKey(kid));
    if (key === undefined) return null;
    const body = bytes.subarray(0, KID_BYTES + ID_BYTES);
    const signature = bytes.subarray(KID_BYTES + ID_BYTES);
    if (!verify(null, Buffer.concat([Buffer.from(PREFIX), body]), key, signature)) return null;
    return uuidText(bytes.subarray(KID_BYTES, KID_BYTES + ID_BYTES));
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
