/**
 * One keep-alive HTTP/1.1 connection over a raw socket, one request at a time. Node's own client
 * (http.Agent or fetch) costs more CPU per request than a bare Fastify route does on this machine,
 * so a load driver built on it would measure itself instead of the server.
 * Handles content-length and chunked bodies; anything unexpected closes the socket and rejects.
 */
import net from 'node:net';

export interface HttpResponse {
  status: number;
  /** Lower-cased header names; set-cookie keeps every value. */
  headers: Map<string, string[]>;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Extra header lines, e.g. { cookie: '...', 'x-csrf-token': '...' }. */
  headers?: Record<string, string>;
  /** A JSON body; sent with content-type application/json. */
  json?: unknown;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');

interface Pending {
  resolve: (response: HttpResponse) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class HttpConnection {
  private socket: net.Socket | undefined;
  private chunks: Buffer[] = [];
  private buffered = 0;
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
      this.pending = { resolve, reject, timer };
      socket.write(body === undefined ? head : head + body);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    if (this.socket !== undefined && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ port: this.port, host: this.host, noDelay: true });
    socket.on('data', (data: Buffer) => {
      this.chunks.push(data);
      this.buffered += data.length;
      this.tryParse();
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.fail(new Error('connection closed'));
    });
    this.socket = socket;
    this.chunks = [];
    this.buffered = 0;
    return socket;
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.socket?.destroy();
    this.socket = undefined;
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
  }

  private tryParse(): void {
    const data = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [data];
    const headEnd = data.indexOf(CRLF_CRLF);
    if (headEnd < 0) return;
    const lines = data.toString('latin1', 0, headEnd).split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    const bodyStart = headEnd + 4;
    let body: Buffer | undefined;
    let consumed = 0;
    const length = headers.get('content-length')?.[0];
    if (length !== undefined) {
      consumed = bodyStart + Number(length);
      if (data.length >= consumed) body = data.subarray(bodyStart, consumed);
    } else if (headers.get('transfer-encoding')?.[0]?.includes('chunked')) {
      const decoded = decodeChunked(data, bodyStart);
      if (decoded !== undefined) ({ body, end: consumed } = decoded);
    } else {
      body = Buffer.alloc(0);
      consumed = bodyStart;
    }
    if (body === undefined) return;
    const rest = data.subarray(consumed);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined) {
      this.fail(new Error('response without a request'));
      return;
    }
    clearTimeout(pending.timer);
    if (headers.get('connection')?.[0]?.toLowerCase() === 'close') this.close();
    pending.resolve({ status, headers, body });
  }
}

/** The body of a complete chunked message, or undefined while more bytes are due. */
function decodeChunked(data: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunk size');
    if (size === 0) {
      const end = data.indexOf(CRLF_CRLF, lineEnd);
      return end < 0 ? undefined : { body: Buffer.concat(parts), end: end + 4 };
    }
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The cookie pairs (name=value) a response sets, for a cookie header. */
export function cookiesOf(response: HttpResponse): string[] {
  return (response.headers.get('set-cookie') ?? []).map((c) => c.split(';')[0] ?? '').filter((c) => c !== '');
}
