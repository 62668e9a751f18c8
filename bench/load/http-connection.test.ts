/**
 * The load driver's HTTP framing, against a raw TCP server that answers in awkward pieces: heads
 * and bodies split across reads, chunked bodies, two answers in one read, discarded bodies, and
 * `connection: close`. A driver that mis-frames would count wrong statuses in every benchmark.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpConnection } from './http-connection.js';

type Answer = (socket: net.Socket, request: string) => void;

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

let connections = 0;

/** A server that calls `answer` once per request it receives (requests here have no body). */
async function serve(answer: Answer): Promise<number> {
  connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const request = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        answer(socket, request);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Writes the pieces in separate turns, so the client sees separate reads. */
function inPieces(socket: net.Socket, pieces: string[]): void {
  let i = 0;
  const next = () => {
    const piece = pieces[i++];
    if (piece === undefined) return;
    socket.write(piece, () => setTimeout(next, 5));
  };
  next();
}

const body = 'x'.repeat(70_000) + 'end';
const head = (length: number, extra = '') =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n${extra}Set-Cookie: a=1; Path=/\r\nset-cookie: b=2\r\n\r\n`;

describe('HttpConnection', () => {
  it('reads a head and a body split across many reads, and parses headers on demand', async () => {
    const port = await serve((socket) => {
      const whole = head(body.length) + body;
      inPieces(socket, [whole.slice(0, 10), whole.slice(10, 40), whole.slice(40, 30_000), whole.slice(30_000)]);
    });
    const connection = new HttpConnection(port);
    const response = await connection.request({ method: 'GET', path: '/' });
    expect(response.status).toBe(200);
    expect(response.body.toString('latin1')).toBe(body);
    expect(response.headers.get('content-length')).toEqual([String(body.length)]);
    expect(response.headers.get('set-cookie')).toEqual(['a=1; Path=/', 'b=2']);
    // The connection is reused for the next request.
    const again = await connection.request({ method: 'GET', path: '/' });
    expect(again.body.length).toBe(body.length);
    connection.close();
  });

  it('drops the body when asked and stays in step for the next answer', async () => {
    let n = 0;
    const port = await serve((socket) => {
      n++;
      const text = n === 1 ? body : 'second';
      inPieces(socket, [head(text.length).slice(0, 20), head(text.length).slice(20) + text.slice(0, 100), text.slice(100)]);
    });
    const connection = new HttpConnection(port);
    const first = await connection.request({ method: 'GET', path: '/', discardBody: true });
    expect(first.status).toBe(200);
    expect(first.body.length).toBe(0);
    const second = await connection.request({ method: 'GET', path: '/' });
    expect(second.body.toString()).toBe('second');
    connection.close();
  });

  it('decodes a chunked body, also when the chunks arrive in pieces', async () => {
    const port = await serve((socket) => {
      const chunked = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
      inPieces(socket, [chunked.slice(0, 60), chunked.slice(60, 66), chunked.slice(66)]);
    });
    const connection = new HttpConnection(port);
    const response = await connection.request({ method: 'GET', path: '/' });
    expect(response.status).toBe(201);
    expect(response.body.toString()).toBe('hello world');
    connection.close();
  });

  it('reads a large chunked body cut anywhere (inside sizes, payloads and CRLFs), with trailers', async () => {
    const big = 'y'.repeat(100_000);
    const wire =
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${big.length.toString(16)}\r\n${big}\r\n3;ext=1\r\nend\r\n0\r\nx-trailer: 1\r\n\r\n`;
    const cuts = [45, 47, 51, 30_000, 100_050, 100_054, 100_058, 100_065, 100_070, wire.length - 3];
    const port = await serve((socket, request) => {
      if (request.startsWith('GET /first'))
        inPieces(socket, cuts.map((end, i) => wire.slice(cuts[i - 1] ?? 0, end)).concat(wire.slice(cuts.at(-1))));
    });
    const connection = new HttpConnection(port);
    const first = await connection.request({ method: 'GET', path: '/first' });
    expect(first.body.toString()).toBe(`${big}end`);
    // The connection stays in step: a second request on it gets its own whole answer.
    expect((await connection.request({ method: 'GET', path: '/first' })).body.length).toBe(big.length + 3);
    connection.close();
    const dropped = new HttpConnection(port);
    const discarded = await dropped.request({ method: 'GET', path: '/first', discardBody: true });
    expect(discarded.body.length).toBe(0);
    dropped.close();
  });

  it('answers an empty body at once when the head ends the read', async () => {
    const port = await serve((socket) => socket.write('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n'));
    const connection = new HttpConnection(port);
    const response = await connection.request({ method: 'GET', path: '/' });
    expect(response.status).toBe(204);
    expect(response.body.length).toBe(0);
    connection.close();
  });

  it('rejects bytes that answer no request, and reconnects after connection: close', async () => {
    const port = await serve((socket, request) => {
      if (request.startsWith('GET /close')) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    const connection = new HttpConnection(port);
    const closing = await connection.request({ method: 'GET', path: '/close' });
    expect(closing.body.toString()).toBe('ok');
    const next = await connection.request({ method: 'GET', path: '/close' });
    expect(next.status).toBe(200);
    expect(connections).toBe(2);
    // Two answers to one request: the first is delivered, the surplus drops that connection, so the
    // next request goes out on a new one instead of being matched with a stray answer.
    const extra = await connection.request({ method: 'GET', path: '/twice' });
    expect(extra.body.toString()).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await connection.request({ method: 'GET', path: '/twice' });
    expect(after.body.toString()).toBe('ok');
    expect(connections).toBe(4);
    connection.close();
  });
});
