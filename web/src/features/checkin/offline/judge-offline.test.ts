/**
 * Offline judging against codes signed exactly as the server signs them (node:crypto Ed25519, the
 * server's payload layout): WebCrypto in the browser must agree with the server on every code.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotTicket } from '@iatichet/contracts';
import { judgeOffline, type OfflineBook } from './judge-offline';
import { importKeys } from './qr-code';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

function signer() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const kid = createHash('sha256').update(raw).digest().subarray(0, 3);
  return {
    key: { kid: kid.toString('hex'), publicKey: raw.toString('base64') },
    code(ticketId: string, generation = 0) {
      const parts = [kid, Buffer.from(ticketId.replace(/-/g, ''), 'hex')];
      if (generation > 0) parts.push(Buffer.from([0, 0, 0, generation]));
      const body = Buffer.concat(parts);
      const prefix = generation > 0 ? 'IT2' : 'IT1';
      return `${prefix}${base32(Buffer.concat([body, sign(null, Buffer.concat([Buffer.from(prefix), body]), privateKey)]))}`;
    },
  };
}

const ticket = (ticketId: string, status: SnapshotTicket['status']): SnapshotTicket => ({
  ticketId,
  status,
  typeName: 'Standard',
  seat: null,
  attendeeName: 'Ana',
  checkedInAt: status === 'checked_in' ? '2027-03-01T19:00:00.000Z' : null,
});

describe('judging a scan offline', () => {
  const ids = [
    '11111111-1111-4111-8111-111111111111',
    '22222222-2222-4222-8222-222222222222',
    '33333333-3333-4333-8333-333333333333',
  ];
  const ours = signer();
  const book = async (): Promise<OfflineBook> => ({
    keys: await importKeys([ours.key]),
    tickets: new Map(
      [ticket(ids[0] ?? '', 'valid'), ticket(ids[1] ?? '', 'not_valid'), ticket(ids[2] ?? '', 'checked_in')].map((t) => [
        t.ticketId,
        t,
      ]),
    ),
    admittedHere: new Map(),
  });

  it('admits a genuine valid ticket once, then refuses it on the same device', async () => {
    const b = await book();
    const code = ours.code(ids[0] ?? '');
    const first = await judgeOffline(code, b);
    expect(first).toMatchObject({ result: 'ok', ticketId: ids[0] });
    b.admittedHere.set(ids[0] ?? '', '2027-03-01T19:05:00.000Z');
    expect(await judgeOffline(code, b)).toMatchObject({ result: 'already_checked_in', checkedInAt: '2027-03-01T19:05:00.000Z' });
  });

  it('refuses what the snapshot says is not valid or already in, and a code of another event', async () => {
    const b = await book();
    expect((await judgeOffline(ours.code(ids[1] ?? ''), b)).result).toBe('not_valid');
    expect((await judgeOffline(ours.code(ids[2] ?? ''), b)).result).toBe('already_checked_in');
    expect((await judgeOffline(ours.code('44444444-4444-4444-8444-444444444444'), b)).result).toBe('wrong_event');
  });

  it('after a transfer admits only the new code: the old one is not valid', async () => {
    const b = await book();
    const id = ids[0] ?? '';
    const snapshotTicket = b.tickets.get(id);
    if (snapshotTicket === undefined) throw new Error('no ticket');
    b.tickets.set(id, { ...snapshotTicket, qrGeneration: 1 });
    expect(await judgeOffline(ours.code(id), b)).toMatchObject({ result: 'not_valid', ticketId: id });
    expect(await judgeOffline(ours.code(id, 2), b)).toMatchObject({ result: 'not_valid', ticketId: id });
    expect(await judgeOffline(ours.code(id, 1), b)).toMatchObject({ result: 'ok', ticketId: id });
  });

  it('refuses forged, altered and malformed codes as invalid', async () => {
    const b = await book();
    const genuine = ours.code(ids[0] ?? '');
    const stranger = signer();
    const altered = [10, 40, 100].map((i) => genuine.slice(0, i) + (genuine[i] === 'A' ? 'B' : 'A') + genuine.slice(i + 1));
    const codes = [stranger.code(ids[0] ?? ''), ...altered, 'IT1', 'hello', `${genuine}A`, genuine.toLowerCase()];
    for (const code of codes) expect((await judgeOffline(code, b)).result, code).toBe('invalid');
    expect(b.admittedHere.size).toBe(0);
  });
});
