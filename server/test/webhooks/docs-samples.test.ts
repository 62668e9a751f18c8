/**
 * The signature-checking samples of docs/integrations.md, run as printed: the Node one imported,
 * the Python one with python3. Each must accept what the server signs and refuse a changed body,
 * a wrong secret and an old timestamp.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { deliveryBody } from '../../src/webhooks/outbox.js';
import { newWebhookSecret, signatureHeader } from '../../src/webhooks/signature.js';

const run = promisify(execFile);
const docs = readFileSync(new URL('../../../docs/integrations.md', import.meta.url), 'utf8');
const sample = (tag: string): string => {
  const match = new RegExp('```' + tag + '\\n([\\s\\S]*?)```').exec(docs);
  if (match?.[1] === undefined) throw new Error(`no ${tag} sample in docs/integrations.md`);
  return match[1];
};

const dir = mkdtempSync(path.join(tmpdir(), 'iat-doc-samples-'));
const secret = newWebhookSecret();
// Non-ASCII on purpose: the signature is over the bytes.
const body = deliveryBody('d-1', 'event.changed', new Date().toISOString(), { event: { title: 'Jazz în Grădină' } });
const now = Math.floor(Date.now() / 1000);
const cases: { name: string; body: string; header: string; secret: string; valid: boolean }[] = [
  { name: 'as signed', body, header: signatureHeader(secret, body, now), secret, valid: true },
  { name: 'body changed', body: body.replace('Jazz', 'Rock'), header: signatureHeader(secret, body, now), secret, valid: false },
  { name: 'other secret', body, header: signatureHeader(secret, body, now), secret: newWebhookSecret(), valid: false },
  { name: 'an hour old', body, header: signatureHeader(secret, body, now - 3600), secret, valid: false },
  { name: 'no header', body, header: '', secret, valid: false },
];

describe('docs/integrations.md signature samples', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the Node sample accepts our signature and refuses tampering', async () => {
    const file = path.join(dir, 'verify.mjs');
    writeFileSync(file, sample('js verify-node'));
    const { verifyIatichetSignature } = (await import(pathToFileURL(file).href)) as {
      verifyIatichetSignature: (raw: Buffer | string, header: string, secret: string) => boolean;
    };
    for (const c of cases) expect(verifyIatichetSignature(Buffer.from(c.body), c.header, c.secret), c.name).toBe(c.valid);
  });

  it('the Python sample accepts our signature and refuses tampering', async () => {
    const file = path.join(dir, 'verify.py');
    writeFileSync(
      file,
      `${sample('python verify-python')}
import json, sys
for case in json.load(open(sys.argv[1])):
    print("1" if verify_iatichet_signature(case["body"].encode(), case["header"], case["secret"]) else "0")
`,
    );
    const input = path.join(dir, 'cases.json');
    writeFileSync(input, JSON.stringify(cases));
    const { stdout } = await run('python3', [file, input]);
    expect(stdout.trim().split('\n')).toEqual(cases.map((c) => (c.valid ? '1' : '0')));
  });
});
