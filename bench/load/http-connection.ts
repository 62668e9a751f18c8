/**
 * One keep-alive HTTP/1.1 connection over a raw socket, one request at a time. Node's own client
 * (http.Agent or fetch) costs more CPU per request than a bare Fastify route does on this machine,
 * so a load driver built on it would measure itself instead of the server.
 * Handles content-length and chunked bodies; anything unexpected closes the socket and rejects.
 * Per answer it reads only what framing needs (status, length, chunked, close); the header map is
 * built when a caller asks for it, so the driver's cost does not grow with the number of headers a
 * server sends (the app sends about twenty, the bare route five).
 */
import net from 'node:net';

export interface HttpResponse {
  status: number;
  /** Lower-cased header names; set-cookie keeps every value. Parsed on first use. */
  readonly headers: Map<string, string[]>;
  body: Buffer;
}

/** Framing headers, found without splitting the head into lines. */
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

class ParsedResponse implements HttpResponse {
  private parsed: Map<string, string[]> | undefined;

  constructor(
    readonly status: number,
    private readonly head: string,
    readonly body: Buffer,
  ) {}

  get headers(): Map<string, string[]> {
    if (this.parsed === undefined) {
      this.parsed = new Map();
      for (const line of this.head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        this.parsed.set(name, [...(this.parsed.get(name) ?? []), line.slice(colon + 1).trim()]);
      }
    }
    return this.parsed;
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** Extra header lines, e.g. { cookie: '...', 'x-csrf-token': '...' }. */
  headers?: Record<string, string>;
  /** A JSON body; sent with content-type application/json. */
  json?: unknown;
  /**
   * true: the body is read off the socket and dropped (the answer's body is empty), as wrk does.
   * For throughput runs where only the status matters: a 20 kB catalog page then costs the driver
   * no copy and no allocation.
   */
  discardBody?: boolean;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

/**
 * Every connection reads into this one buffer (Node's `onread`), instead of a new allocation per
 * read. Safe because each read is handled synchronously and whatever outlives it is copied.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

interface Pending {
  resolve: (response: HttpResponse) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  discardBody: boolean;
}

/** The answer being read: its head is parsed, its body is due. */
interface Incoming {
  status: number;
  head: string;
  /** Body bytes still to come: all of them (content-length), or the current chunk's and its CRLF. */
  remaining: number;
  chunked: boolean;
  /** Chunked: the last chunk was read, its trailer lines are being skipped. */
  inTrailer: boolean;
  parts: Buffer[];
}

export class HttpConnection {
  private socket: net.Socket | undefined;
  /** Bytes kept from earlier reads: an incomplete head, or a chunked body not yet complete. */
  private kept: Buffer = EMPTY;
  private incoming: Incoming | undefined;
  private pending: Pending | undefined;

  constructor(
    private readonly port: number,
    private readonly timeoutMs = 30_000,
    private readonly host = '127.0.0.1',
  ) {}

  request(req: HttpRequest): Promise<HttpResponse> {
    if (this.pending !== undefined) return Promise.reject(new Error('one request at a time per connection'));
    const body = req.json === undefined ? undefined : JSON.stringify(req.json);
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\n`;
    for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (body !== undefined) head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    head += '\r\n';
    const socket = this.connect();
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`timeout after ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending = { resolve, reject, timer, discardBody: req.discardBody === true };
      socket.write(body === undefined ? head : head + body);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    if (this.socket !== undefined && !this.socket.destroyed) return this.socket;
    const socket = net.connect({
      port: this.port,
      host: this.host,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number, buffer: Uint8Array) => {
          if (this.socket !== socket) return false;
          try {
            this.received(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
          } catch (err) {
            this.fail(err instanceof Error ? err : new Error(String(err)));
          }
          return true;
        },
      },
    });
    // A socket this connection already let go of (closed after `connection: close`) fails nothing.
    socket.on('error', (err) => {
      if (this.socket === socket) this.fail(err);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.fail(new Error('connection closed'));
    });
    this.socket = socket;
    this.kept = EMPTY;
    this.incoming = undefined;
    return socket;
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.incoming = undefined;
    this.kept = EMPTY;
    this.socket?.destroy();
    this.socket = undefined;
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
  }

  /** Bytes just read; `view` points into the shared read buffer and is only valid during this call. */
  private received(view: Buffer): void {
    let data = this.kept.length > 0 ? Buffer.concat([this.kept, view]) : view;
    this.kept = EMPTY;
    // Each turn finishes one answer or returns to wait for more bytes.
    while (data.length > 0 || this.incoming !== undefined) {
      const pending = this.pending;
      if (pending === undefined) throw new Error('response without a request');
      let incoming = this.incoming;
      if (incoming === undefined) {
        const headEnd = data.indexOf(CRLF_CRLF);
        if (headEnd < 0) {
          this.kept = Buffer.from(data);
          return;
        }
        const head = data.toString('latin1', 0, headEnd);
        const length = CONTENT_LENGTH.exec(head)?.[1];
        const chunked = length === undefined && CHUNKED.test(head);
        incoming = {
          status: Number(head.slice(9, 12)),
          head,
          remaining: Number(length ?? 0),
          chunked,
          inTrailer: false,
          parts: [],
        };
        this.incoming = incoming;
        data = data.subarray(headEnd + 4);
      }
      if (incoming.chunked) {
        const after = this.readChunks(incoming, data, pending.discardBody);
        if (after === undefined) return;
        this.complete(incoming, pending, Buffer.concat(incoming.parts));
        data = after;
        continue;
      }
      const take = Math.min(incoming.remaining, data.length);
      if (take > 0 && !pending.discardBody) incoming.parts.push(Buffer.from(data.subarray(0, take)));
      incoming.remaining -= take;
      data = data.subarray(take);
      if (incoming.remaining > 0) return;
      this.complete(
        incoming,
        pending,
        incoming.parts.length === 1 ? (incoming.parts[0] as Buffer) : Buffer.concat(incoming.parts),
      );
    }
  }

  /**
   * Reads what `data` holds of a chunked body, each byte once: the bytes after the body when it
   * is complete, or undefined when more are due (a partial size line is kept for the next read).
   */
  private readChunks(incoming: Incoming, data: Buffer, discard: boolean): Buffer | undefined {
    for (;;) {
      if (incoming.remaining > 0) {
        const take = Math.min(incoming.remaining, data.length);
        // The chunk's payload, without the CRLF that ends it.
        const payload = Math.min(take, Math.max(0, incoming.remaining - 2));
        if (payload > 0 && !discard) incoming.parts.push(Buffer.from(data.subarray(0, payload)));
        incoming.remaining -= take;
        data = data.subarray(take);
        if (incoming.remaining > 0) return undefined;
        continue;
      }
      const lineEnd = data.indexOf('\r\n');
      if (lineEnd < 0) {
        this.kept = Buffer.from(data);
        return undefined;
      }
      const line = data.toString('latin1', 0, lineEnd);
      data = data.subarray(lineEnd + 2);
      if (incoming.inTrailer) {
        if (line === '') return data;
        continue;
      }
      const size = parseInt(line, 16);
      if (Number.isNaN(size)) throw new Error('malformed chunk size');
      if (size === 0) incoming.inTrailer = true;
      else incoming.remaining = size + 2;
    }
  }

  private complete(incoming: Incoming, pending: Pending, body: Buffer): void {
    this.incoming = undefined;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (CONNECTION_CLOSE.test(incoming.head)) this.close();
    pending.resolve(new ParsedResponse(incoming.status, incoming.head, body));
  }
}

/** The cookie pairs (name=value) a response sets, for a cookie header. */
export function cookiesOf(response: HttpResponse): string[] {
  return (response.headers.get('set-cookie') ?? []).map((c) => c.split(';')[0] ?? '').filter((c) => c !== '');
}
