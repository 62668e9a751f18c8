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

export function createMailer(options: { smtpUrl: string | undefined; dataDir: string; publicUrl: string }): Mailer {
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
      writeFileSync(path.join(outbox, name), info.message as Buffer, { mode: 0o600 });
    },
    close: () => transport.close(),
  };
}
