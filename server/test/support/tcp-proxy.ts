/**
 * A TCP proxy the tests own, between the app and PostgreSQL or Redis: cutting it is what an
 * unreachable backend looks like to the app, without stopping the real service others share.
 */
import net from 'node:net';

export class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** A proxy in front of the host and port of `url` (postgres://... or redis://...). */
  static for(url: string, defaultPort: number): CuttableProxy {
    const parsed = new URL(url);
    return new CuttableProxy({ host: parsed.hostname, port: Number(parsed.port || defaultPort) });
  }

  /** Listens (again, on the same port after a cut); answers the port. */
  async open(): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** `url` with its host and port replaced by this proxy's. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.host = `127.0.0.1:${this.port}`;
    return parsed.toString();
  }

  /** Drops every connection and stops listening: new connections are refused. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** Polls `probe` until it answers true, at most `attempts` times `intervalMs` apart. */
export async function eventually(probe: () => Promise<boolean>, attempts = 40, intervalMs = 250): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
