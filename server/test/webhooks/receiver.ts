/**
 * A local webhook receiver for tests: an HTTP server that keeps every POST it gets (arrival time,
 * headers, raw body) and answers what the test's `answer` says for each one, and an independent
 * check of the `iatichet-signature` header (our own HMAC code, not the server's).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Resolves once `predicate` holds for the requests received, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export type Answer = (request: Received, countForPath: number) => { status: number; body?: string };

export async function startReceiver(answer: Answer = () => ({ status: 200, body: 'ok' }), port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: Received = {
        at: Date.now(),
        path: req.url ?? '/',
        headers: req.headers,
        body,
        json: JSON.parse(body) as Received['json'],
      };
      received.push(entry);
      const reply = answer(entry, received.filter((r) => r.path === entry.path).length);
      res.writeHead(reply.status, { 'content-type': 'text/plain' });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    received,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`receiver: condition not met; got ${received.map((r) => `${r.json.type} ${r.json.id}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Our own check of `t=<unix>,v1=<hex>`: HMAC-SHA256 of "<t>.<body>" with the secret, and a recent t. */
export function signatureIsValid(
  header: string | string[] | undefined,
  body: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  if (typeof header !== 'string') return false;
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
