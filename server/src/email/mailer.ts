/**
 * Where emails go: through SMTP_URL when it is set, else into DATA_DIR/outbox as .eml files that
 * any mail program opens (development, demos, tests). Both build the same MIME message.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
}

/** One line for the console: who, what, and every link in the text (a newcomer opens them from there). */
export function consoleLine(email: OutgoingEmail, file: string): string {
  const links = email.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  return `email to ${oneLine(email.to)}: "${oneLine(email.subject)}"${links.map((l) => ` ${l}`).join('')} (saved as ${file})`;
}

/**
 * `print` receives one line per email written to the outbox outside production (no SMTP_URL):
 * the first run needs no mail server to verify an account.
 */
export function createMailer(options: MailerOptions, print?: (line: string) => void): Mailer {
  const from = { name: 'iaTichet', address: `tickets@${new URL(options.publicUrl).hostname}` };
  if (options.smtpUrl !== undefined) {
    const transport = nodemailer.createTransport(options.smtpUrl, {});
    return {
      async send(email) {
        await transport.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          attachments: email.attachments,
        });
      },
      close: () => transport.close(),
    };
  }
  const outbox = path.join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        attachments: email.attachments,
      });
      mkdirSync(outbox, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`;
      const file = path.join(outbox, name);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      if (print !== undefined && options.nodeEnv !== 'production') print(consoleLine(email, file));
    },
    close: () => transport.close(),
  };
}
