/**
 * Reads the emails a test server wrote to DATA_DIR/outbox (no SMTP_URL): the links in them are
 * what a person would click. The email sweep runs every few seconds, so a message is waited for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDirOf } from './server';

const WAIT_MS = 20_000;

/** The text of a MIME message with quoted-printable soft breaks and escapes undone. */
function decoded(mime: string): string {
  return mime.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Every message to `to` so far, decoded, oldest first. */
export function mailsTo(baseURL: string, to: string): string[] {
  const outbox = path.join(dataDirOf(baseURL), 'outbox');
  let files: string[];
  try {
    files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  const recipient = new RegExp(`^To: .*${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im');
  // Names start with the time they were written: sorted, the newest is last.
  return files
    .sort()
    .map((file) => decoded(readFileSync(path.join(outbox, file), 'utf8')))
    .filter((text) => recipient.test(text));
}

function linksIn(baseURL: string, to: string, linkPath: string): string[] {
  const pattern = new RegExp(`https?://[^\\s"<>]+${linkPath}\\?token=[A-Za-z0-9_-]+`);
  return mailsTo(baseURL, to).flatMap((text) => pattern.exec(text)?.[0] ?? []);
}

/** Polls `probe` until it answers something other than undefined. */
async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The newest link to `linkPath` (e.g. /verify-email) mailed to `to`, waiting until there are more
 * than `seen` of them (so a test can wait for the link a new request sends).
 */
export function mailedLink(baseURL: string, to: string, linkPath: string, seen = 0): Promise<string> {
  return waitFor(`a ${linkPath} link to ${to}`, () => {
    const links = linksIn(baseURL, to, linkPath);
    return links.length > seen ? links[links.length - 1] : undefined;
  });
}

/** How many links to `linkPath` were mailed to `to` so far. */
export function mailedLinkCount(baseURL: string, to: string, linkPath: string): number {
  return linksIn(baseURL, to, linkPath).length;
}

/** The first message to `to` whose subject contains `subject`, once it arrives. */
export function mailWithSubject(baseURL: string, to: string, subject: string): Promise<string> {
  return waitFor(`"${subject}" to ${to}`, () =>
    mailsTo(baseURL, to).find((text) => /^Subject: (.*)$/im.exec(text)?.[1]?.includes(subject) === true),
  );
}

/**
 * The text/plain part of a message: what the reader reads. The whole message also carries its
 * attachments in base64, in which any short string (say "UTC") turns up by chance.
 */
export function textPartOf(mail: string): string {
  const start = mail.search(/^Content-Type: text\/plain/im);
  if (start < 0) throw new Error('the message has no text/plain part');
  const part = mail.slice(start);
  const body = part.slice(part.search(/\r?\n\r?\n/));
  const end = body.search(/^--\S/m);
  return end < 0 ? body : body.slice(0, end);
}
