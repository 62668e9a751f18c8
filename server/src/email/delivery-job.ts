/**
 * The email queue's sweep job: one mailer per app instance. What a message attaches (the tickets
 * PDF of a reservation) is built by the caller's builder at sending time.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { createMailer, type Mailer } from './mailer.js';
import { deliverDueEmails, type AttachmentBuilder } from './outbox.js';

/** A sweep job (see SweepJob) that also says what it sent, and owns its mail transport. */
export interface EmailJob {
  name: string;
  mailer: Mailer;
  run(): Promise<{ sent: number; failed: number }>;
}

export function emailDeliveryJob(
  db: Kysely<Database>,
  config: Pick<Config, 'smtpUrl' | 'dataDir' | 'publicUrl' | 'nodeEnv'>,
  attachments: AttachmentBuilder,
  print?: (line: string) => void,
): EmailJob {
  const mailer = createMailer(config, print);
  return { name: 'email', mailer, run: () => deliverDueEmails(db, mailer, attachments) };
}
