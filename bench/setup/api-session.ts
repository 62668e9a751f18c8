/**
 * A signed-in API client for setup work (the admin creating venues and events): keeps its cookies
 * and CSRF token the way a browser would.
 */
import { HttpConnection, cookiesOf, type HttpRequest } from '../load/http-connection.js';

export class ApiSession {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  private readonly connection: HttpConnection;

  constructor(port: number) {
    this.connection = new HttpConnection(port);
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { ...(cookie === '' ? {} : { cookie }), ...(this.csrf === '' ? {} : { 'x-csrf-token': this.csrf }) };
  }

  async call<T>(method: HttpRequest['method'], path: string, json?: unknown): Promise<T> {
    const response = await this.connection.request({ method, path, json, headers: this.headers() });
    for (const pair of cookiesOf(response)) {
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = response.body.toString('utf8');
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async signIn(email: string, password: string): Promise<void> {
    this.csrf = (await this.call<{ token: string }>('GET', '/api/auth/csrf')).token;
    await this.call('POST', '/api/auth/login', { email, password });
    // The session is new: ask for a token again rather than rely on the old one staying valid.
    this.csrf = (await this.call<{ token: string }>('GET', '/api/auth/csrf')).token;
  }

  close(): void {
    this.connection.close();
  }
}

export const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin passphrase' };

export async function signInAdmin(port: number): Promise<ApiSession> {
  const admin = new ApiSession(port);
  await admin.signIn(ADMIN.email, ADMIN.password);
  return admin;
}

interface CreatedEvent {
  id: string;
  ticketTypes: { id: string; capacity: number }[];
}

const DAY_MS = 24 * 3600 * 1000;

function eventTimes() {
  const start = Date.now() + 30 * DAY_MS;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3 * 3600 * 1000).toISOString() };
}

/**
 * A published general-admission event with one ticket type of `capacity`; `extra` overrides or adds
 * event fields (the on-sale scenario's waiting room, sales start and per-order cap).
 */
export async function createGeneralEvent(
  admin: ApiSession,
  capacity: number,
  extra: Record<string, unknown> = {},
): Promise<{ eventId: string; ticketTypeId: string }> {
  const venue = await admin.call<{ id: string }>('POST', '/api/venues', {
    name: 'Flash Sale Arena',
    address: 'Strada Benchmark 1',
    city: 'Cluj-Napoca',
    capacity,
    layout: null,
  });
  const event = await admin.call<CreatedEvent>('POST', '/api/events', {
    title: 'Flash Sale Night',
    description: 'General admission, sold in one rush.',
    category: 'concert',
    venueId: venue.id,
    ...eventTimes(),
    seating: 'general',
    currency: 'EUR',
    maxTicketsPerOrder: 10,
    ticketTypes: [{ name: 'Standing', priceCents: 5000, capacity }],
    ...extra,
  });
  await admin.call('POST', `/api/events/${event.id}/publish`);
  const ticketTypeId = event.ticketTypes[0]?.id;
  if (ticketTypeId === undefined) throw new Error('the event has no ticket type');
  return { eventId: event.id, ticketTypeId };
}

function rowLabel(index: number): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return index < 26 ? (letters[index] ?? '') : `${letters[Math.floor(index / 26) - 1] ?? ''}${letters[index % 26] ?? ''}`;
}

/** A published reserved-seating event on a rows x seatsPerRow hall, every seat one price. */
export async function createSeatedEvent(
  admin: ApiSession,
  rows: number,
  seatsPerRow: number,
): Promise<{ eventId: string; ticketTypeId: string }> {
  const layout = {
    sections: [
      {
        name: 'Stalls',
        rows: Array.from({ length: rows }, (_, r) => ({
          label: rowLabel(r),
          seats: Array.from({ length: seatsPerRow }, (_, n) => ({ number: n + 1, category: 'standard' })),
        })),
      },
    ],
  };
  const venue = await admin.call<{ id: string }>('POST', '/api/venues', {
    name: 'Flash Sale Hall',
    address: 'Strada Benchmark 2',
    city: 'Iași',
    capacity: rows * seatsPerRow,
    layout,
  });
  const event = await admin.call<CreatedEvent>('POST', '/api/events', {
    title: 'Flash Sale Premiere',
    description: 'Reserved seating, sold in one rush.',
    category: 'theatre',
    venueId: venue.id,
    ...eventTimes(),
    seating: 'reserved',
    currency: 'EUR',
    ticketTypes: [{ name: 'Seat', priceCents: 4000, seatCategory: 'standard' }],
  });
  await admin.call('POST', `/api/events/${event.id}/publish`);
  return { eventId: event.id, ticketTypeId: event.ticketTypes[0]?.id ?? '' };
}
