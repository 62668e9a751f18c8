/**
 * First run without a mail server: each email also goes to the console as one line with its
 * recipient, subject and links, so a newcomer on `npm start` can open a verification link.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/email/mailer.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-mail-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const email = {
  id: 'mail-1',
  to: 'ana@example.com',
  subject: 'Confirm your email address for iaTichet',
  text: 'Hello,\n\nopen this link:\n\nhttp://localhost:3000/verify-email?token=abc_DEF-123\n\nor http://localhost:3000/forgot-password\n',
  attachments: [],
};

describe('the outbox mailer without SMTP_URL', () => {
  it('prints recipient, subject and every link on one line outside production, and still writes the .eml', async () => {
    const lines: string[] = [];
    const mailer = createMailer(
      { smtpUrl: undefined, dataDir, publicUrl: 'http://localhost:3000', nodeEnv: 'development' },
      (line) => lines.push(line),
    );
    await mailer.send(email);
    mailer.close();
    expect(lines).toHaveLength(1);
    const [line = ''] = lines;
    expect(line).not.toContain('\n');
    expect(line).toContain('ana@example.com');
    expect(line).toContain('Confirm your email address for iaTichet');
    expect(line).toContain('http://localhost:3000/verify-email?token=abc_DEF-123');
    expect(line).toContain('http://localhost:3000/forgot-password');
    expect(readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('prints nothing in production', async () => {
    const lines: string[] = [];
    const mailer = createMailer(
      { smtpUrl: undefined, dataDir, publicUrl: 'https://tickets.example', nodeEnv: 'production' },
      (line) => lines.push(line),
    );
    await mailer.send({ ...email, id: 'mail-2' });
    mailer.close();
    expect(lines).toEqual([]);
  });
});
