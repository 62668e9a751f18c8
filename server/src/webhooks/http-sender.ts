/**
 * Sends one delivery: a POST over keep-alive connections (one agent per protocol, shared by every
 * delivery of this instance), to the address the SSRF guard checked (address-guard.ts), with short
 * timeouts, no redirects followed (a 3xx is a failed attempt), and the answer's body read only up
 * to a cap, of which a short excerpt is kept.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { UnsafeWebhookUrl, bareHost, checkUrlShape, isPublicAddress, pinnedLookup, type Resolver } from './address-guard.js';

export interface SenderOptions {
  allowPrivate: boolean;
  resolve: Resolver;
  /** Longest wait for the TCP (and TLS) connection. */
  connectTimeoutMs?: number;
  /** Longest wait for the whole answer, from the start. */
  responseTimeoutMs?: number;
  /** Connections per receiver host. */
  maxSockets?: number;
}

export interface Answer {
  /** 2xx. */
  ok: boolean;
  statusCode: number | null;
  /** The first characters of the answer's body. */
  excerpt: string | null;
  /** Why no answer came (refused address, timeout, connection error), or why a status is a failure. */
  error: string | null;
}

export const EXCERPT_CHARS = 300;
const BODY_CAP_BYTES = 16 * 1024;

export class WebhookSender {
  private readonly http: http.Agent;
  private readonly https: https.Agent;
  private readonly connectTimeoutMs: number;
  private readonly responseTimeoutMs: number;

  constructor(private readonly options: SenderOptions) {
    const lookup = pinnedLookup(options.allowPrivate, options.resolve);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, lookup, scheduling: 'lifo' as const };
    this.http = new http.Agent(agentOptions);
    this.https = new https.Agent(agentOptions);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 10_000;
  }

  async post(rawUrl: string, body: string, headers: Record<string, string>): Promise<Answer> {
    let url: URL;
    try {
      url = checkUrlShape(rawUrl, this.options.allowPrivate);
      // net.connect skips `lookup` for an address literal: judge it here.
      const host = bareHost(url);
      if (!this.options.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host))
        throw new UnsafeWebhookUrl(`The address ${host} is private or reserved.`);
    } catch (err) {
      return { ok: false, statusCode: null, excerpt: null, error: (err as Error).message };
    }
    return new Promise<Answer>((resolve) => {
      let settled = false;
      // Once the status line is in, the receiver has answered: a 2xx is delivered (API.md) even
      // when its body then stalls or is cut off; retrying it would send an accepted delivery again.
      let answered: ((error: string | null) => Answer) | undefined;
      const finish = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        clearTimeout(connecting);
        resolve(answer);
      };
      const fail = (error: string) => {
        finish(answered === undefined ? { ok: false, statusCode: null, excerpt: null, error } : answered(error));
        request.destroy();
      };
      const overall = setTimeout(() => fail(`no answer within ${this.responseTimeoutMs} ms`), this.responseTimeoutMs);
      let connecting: NodeJS.Timeout | undefined;
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: url.protocol === 'https:' ? this.https : this.http,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'iaTichet-Webhooks/1',
        },
      });
      request.on('socket', (socket) => {
        if (socket.connecting) {
          connecting = setTimeout(() => fail(`no connection within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
          socket.once('connect', () => clearTimeout(connecting));
        }
      });
      request.on('error', (err) => fail(err.message));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const answer = (bodyError: string | null): Answer => {
          // PostgreSQL text cannot hold NUL; an answer is shown, not kept byte for byte.
          const text = Buffer.concat(chunks).toString('utf8').replaceAll('\0', '');
          const excerpt = text.length === 0 ? null : text.slice(0, EXCERPT_CHARS);
          const error = ok
            ? null
            : status >= 300 && status < 400
              ? 'redirects are not followed'
              : `answered ${status}${bodyError === null ? '' : ` (${bodyError})`}`;
          return { ok, statusCode: status, excerpt, error };
        };
        answered = answer;
        const done = (truncated: boolean) => {
          finish(answer(null));
          // A body past the cap is not read further: that connection is dropped, not reused.
          if (truncated) response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size <= BODY_CAP_BYTES) chunks.push(chunk);
          else {
            chunks.push(chunk.subarray(0, Math.max(0, BODY_CAP_BYTES - (size - chunk.length))));
            done(true);
          }
        });
        response.on('end', () => done(false));
        response.on('error', (err) => fail(err.message));
      });
      request.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
