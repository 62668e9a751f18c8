/**
 * Who a socket is and how many one client may open. Each Socket.IO connection holds buffers and
 * timers on this instance, and an anonymous one used to count as a viewer of its own (500 sockets
 * from one address read 501 viewers). So a client address may hold CONNECTIONS_PER_ADDRESS
 * connections on an instance, and anonymous viewers are counted once per address.
 *
 * The address is the client's as HTTP sees it (request.ip): the TCP peer, or X-Forwarded-For from
 * a trusted proxy (TRUST_PROXY), grouped like the request budget (an IPv6 client by its /64).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import { clientKey } from '../security/client-key.js';

/**
 * Twenty: a person with many tabs on a page that watches events and notifications, or a household
 * or office behind one NAT, stays well inside it; one machine cannot hold thousands of sockets.
 */
export const CONNECTIONS_PER_ADDRESS = 20;

export type TrustProxy = boolean | string[];

/** The parts of an engine.io server and its connections used here. */
interface RawConnection {
  request: IncomingMessage;
  close(): void;
  once(event: 'close', listener: () => void): void;
}
interface EngineEvents {
  on(event: 'connection', listener: (raw: RawConnection) => void): unknown;
}

/** The same rule Fastify applies to request.ip. */
export function addressResolver(trustProxy: TrustProxy): (req: IncomingMessage) => string {
  const trust = trustProxy === true ? () => true : trustProxy === false ? () => false : proxyAddr.compile(trustProxy);
  return (req) => {
    // A socket closed mid-handshake has no remote address left; such a request goes nowhere anyway.
    if (req.socket.remoteAddress === undefined) return 'unknown';
    return clientKey(proxyAddr(req, trust));
  };
}

/** Open connections per client address on this instance. */
export class ConnectionLimit {
  private readonly open = new Map<string, number>();

  constructor(private readonly max = CONNECTIONS_PER_ADDRESS) {}

  /** Whether this address has a free slot now (a handshake may still lose it to a racing one). */
  hasRoom(address: string): boolean {
    return (this.open.get(address) ?? 0) < this.max;
  }

  /** Takes a slot; false (nothing taken) when the address has none left. */
  acquire(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) return false;
    this.open.set(address, count + 1);
    return true;
  }

  /**
   * Counts every engine connection against its address. The handshake awaits between allowRequest
   * and the connection, so a burst can pass the hasRoom() check together: the slot is taken here,
   * synchronously, and a connection that finds none is closed at once.
   */
  enforce(engine: EngineEvents, addressOf: (req: IncomingMessage) => string): void {
    engine.on('connection', (raw: RawConnection) => {
      const address = addressOf(raw.request);
      if (!this.acquire(address)) {
        raw.close();
        return;
      }
      raw.once('close', () => this.release(address));
    });
  }

  release(address: string): void {
    const count = (this.open.get(address) ?? 0) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }
}
