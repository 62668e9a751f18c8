/**
 * Socket.IO on the app's own HTTP server (path /socket.io). A connection is signed in when the
 * session cookie resolves as it does for HTTP requests (security/auth.ts); anonymous visitors
 * may watch events but get no notifications. With REDIS_URL the Redis adapter carries every room
 * message to every instance, so whichever instance a change or a notification starts on, each
 * watcher hears it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { REALTIME, REALTIME_LIMITS, type Role } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';
import type { SessionStore } from '../accounts/sessions.js';
import { findUserById } from '../accounts/users.js';
import { requireRecordAccess } from '../organizers/records.js';
import { AppError } from '../platform/errors.js';
import { SESSION_COOKIE } from '../security/auth.js';
import { AvailabilityBroadcaster } from './availability.js';
import { DroppedAvailability, resendAvailabilityOnReconnect } from './availability-recovery.js';
import { attachRedisFanout } from './redis-fanout.js';
import { ConnectionLimit, addressResolver } from './connection-limit.js';
import { NotificationPusher } from './notification-push.js';
import { QueuePush } from './queue-push.js';
import { MemoryViewerStore, RedisViewerStore } from './viewer-store.js';
import { ViewerTracker } from './viewers.js';

export interface RealtimeOptions {
  sessions: SessionStore;
  namespace: string;
  /** How long a viewer entry outlives its instance's last heartbeat. */
  viewerTtlMs?: number;
  /** At most one availability message per event this often. */
  coalesceMs?: number;
  /** How often a signed-in connection's session is checked again (sign-out elsewhere, disable). */
  sessionRecheckMs?: number;
}

interface SocketData {
  user: { id: string; role: Role } | null;
  /** The client's address, as HTTP would see it (connection-limit.ts). */
  address: string;
  /** The session token the connection was opened with; checked again while it stays open. */
  token: string | null;
  watching: Set<string>;
  /** Events whose watch is being looked up: they hold a slot of the cap until it is answered. */
  pendingWatches: Set<string>;
}

const EVENT_ROOM = (id: string) => `event:${id}`; // availability-recovery's callers below read rooms by this prefix
const DASHBOARD_PREFIX = 'dashboard:';
const DASHBOARD_ROOM = (id: string) => `${DASHBOARD_PREFIX}${id}`;
const USER_ROOM = (id: string) => `user:${id}`;
const VISIBILITY_CACHE_MS = 10_000;

function eventIdOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const id = (payload as { eventId?: unknown }).eventId;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}

function reply(ack: unknown, answer: { ok: boolean; error?: string }): void {
  if (typeof ack === 'function') (ack as (a: unknown) => void)(answer);
}

export function registerRealtime(app: FastifyInstance, options: RealtimeOptions): void {
  const { services } = app;
  const db = services.database.db;
  const log = app.log.child({ module: 'realtime' });
  const allowedOrigins = new Set([...services.config.corsOrigins, services.config.publicUrl]);
  const addressOf = addressResolver(services.config.trustProxy);
  const perAddress = new ConnectionLimit();

  const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>(app.server, {
    path: '/socket.io',
    serveClient: false,
    // A dropped network (no FIN) is noticed within 15 s; the viewer leaves with it.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 16 * 1024,
    // The cookie authenticates, so a foreign page must not open a connection with it. An address
    // with no slot left is refused here; enforce() below keeps the count itself.
    allowRequest: (req, callback) => callback(null, originAllowed(req, allowedOrigins) && perAddress.hasRoom(addressOf(req))),
  });
  perAddress.enforce(io.engine, addressOf);

  const fanout = services.redis === undefined ? undefined : attachRedisFanout(io, services.redis, options.namespace);

  const ttlMs = options.viewerTtlMs ?? 30_000;
  const store =
    services.redis === undefined
      ? new MemoryViewerStore(ttlMs)
      : new RedisViewerStore(services.redis, options.namespace, randomUUID(), ttlMs);
  const viewers = new ViewerTracker(
    store,
    (eventId, count, everywhere) => {
      const room = everywhere ? io.to(EVENT_ROOM(eventId)) : io.local.to(EVENT_ROOM(eventId));
      room.emit(REALTIME.viewers, { eventId, count });
    },
    log,
    ttlMs,
  );

  const availability = new AvailabilityBroadcaster(
    { db, cache: services.cache, redis: services.redis, namespace: options.namespace, log },
    (message) => {
      const emit = () => {
        io.to(EVENT_ROOM(message.eventId)).emit(REALTIME.availability, message);
        io.to(DASHBOARD_ROOM(message.eventId)).emit(REALTIME.dashboardChanged, { eventId: message.eventId });
      };
      if (fanout === undefined) emit();
      else fanout.publishing(emit, () => dropped?.dropped(message.eventId));
    },
    options.coalesceMs ?? 250,
  );
  // What other instances never heard from this one is said again, whole, once it can be.
  const dropped =
    fanout === undefined ? undefined : new DroppedAvailability(fanout.publisher, (e) => availability.changed(e, true));

  // Redis back after an outage: this instance's watchers may have missed changes made elsewhere.
  const stopRecovery =
    fanout === undefined
      ? () => undefined
      : resendAvailabilityOnReconnect(
          fanout.subscriber,
          db,
          {
            watchedEvents: () =>
              [...io.of('/').adapter.rooms.keys()].flatMap((room) => (room.startsWith('event:') ? [room.slice(6)] : [])),
            sendLocally: (message) => {
              io.local.to(EVENT_ROOM(message.eventId)).emit(REALTIME.availability, message);
              io.local.to(DASHBOARD_ROOM(message.eventId)).emit(REALTIME.dashboardChanged, { eventId: message.eventId });
            },
          },
          log,
        );

  const pusher = new NotificationPusher(
    db,
    (userId, notification) => io.to(USER_ROOM(userId)).emit(REALTIME.notification, notification),
    log,
  );

  // Waiting rooms: each instance turns the room's one message per change into its own sockets' places.
  const queuePush = new QueuePush(services.queueRoom, log, (eventId) =>
    [...(io.of('/').adapter.rooms.get(DASHBOARD_ROOM(eventId)) ?? [])].flatMap((id) => io.of('/').sockets.get(id) ?? []),
  );
  void queuePush.listen(services.pubsub).catch((err: unknown) => log.warn({ err }, 'waiting-room updates unavailable'));

  const stopListening = services.announce.listen({
    availabilityChanged(eventId) {
      availability.changed(eventId);
      pusher.nudge(); // what changes availability usually also tells someone
    },
    statsChanged(eventId) {
      io.to(DASHBOARD_ROOM(eventId)).emit(REALTIME.dashboardChanged, { eventId });
      pusher.nudge();
    },
  });

  // Which events may be watched: published or cancelled ones (admins: any). Cached briefly.
  const visibility = new Map<string, { status: string | undefined; until: number }>();
  const eventStatus = async (eventId: string) => {
    const cached = visibility.get(eventId);
    if (cached !== undefined && cached.until > Date.now()) return cached.status;
    const row = await db.selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirst();
    if (visibility.size > 5000) visibility.clear();
    visibility.set(eventId, { status: row?.status, until: Date.now() + VISIBILITY_CACHE_MS });
    return row?.status;
  };

  const signedInUser = async (token: string): Promise<SocketData['user']> => {
    const session = await options.sessions.find(token);
    if (session === undefined) return null;
    const user = await findUserById(db, session.userId);
    return user !== undefined && user.disabled === 0 ? { id: user.id, role: user.role } : null;
  };

  /**
   * False when the user no longer manages an event whose dashboard, or whose draft, this socket
   * watches: removed from its organizer's team or demoted below manager, which HTTP refuses at once.
   * A failed lookup (the database briefly down) takes nothing away; only the gate's own refusal does.
   */
  const keepsTeamWatches = async (socket: Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>) => {
    const { user } = socket.data;
    if (user === null || user.role === 'admin') return true;
    const managed = new Set(
      [...socket.rooms].flatMap((room) => (room.startsWith(DASHBOARD_PREFIX) ? [room.slice(DASHBOARD_PREFIX.length)] : [])),
    );
    for (const eventId of socket.data.watching) if ((await eventStatus(eventId)) === 'draft') managed.add(eventId);
    for (const eventId of managed) {
      const lost = await requireRecordAccess(db, user, 'event', eventId, 'manager').then(
        () => false,
        (err: unknown) => err instanceof AppError,
      );
      if (lost) return false;
    }
    return true;
  };

  // A session can end while its connection stays open: signed out in another tab, revoked by a
  // password change elsewhere (a stolen session, perhaps), or the account disabled; and a team
  // member can lose the dashboards and drafts they watch. Such a connection is closed; the web app
  // then reconnects, as whoever the cookie now says, and watches only what it still may.
  let rechecking = false;
  const recheckSessions = async () => {
    if (rechecking) return;
    rechecking = true;
    try {
      for (const socket of io.of('/').sockets.values()) {
        const { user, token } = socket.data;
        if (user === null || token === null || !socket.connected) continue;
        const now = await signedInUser(token).catch(() => user); // the store unreachable: not a sign-out
        if (now === null || now.id !== user.id || now.role !== user.role) socket.disconnect(true);
        else if (!(await keepsTeamWatches(socket).catch(() => true))) socket.disconnect(true);
      }
    } finally {
      rechecking = false;
    }
  };
  const recheckTimer = setInterval(() => void recheckSessions(), options.sessionRecheckMs ?? 60_000);
  recheckTimer.unref();

  io.use((socket, next) => {
    socket.data.watching = new Set();
    socket.data.pendingWatches = new Set();
    socket.data.user = null;
    socket.data.token = null;
    socket.data.address = addressOf(socket.request);
    const header = socket.request.headers.cookie;
    const token = header === undefined ? undefined : app.parseCookie(header)[SESSION_COOKIE];
    if (token === undefined || token === '') {
      next();
      return;
    }
    signedInUser(token)
      .then((user) => {
        socket.data.user = user;
        if (user !== null) socket.data.token = token;
      })
      .catch((err: unknown) => log.warn({ err }, 'session lookup for a socket failed; treated as anonymous'))
      .finally(() => next());
  });

  const viewerKey = (socket: Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>) =>
    // One address is one anonymous viewer however many sockets it opens; a person is one viewer.
    socket.data.user === null ? `a:${socket.data.address}` : `u:${socket.data.user.id}`;

  /** A site admin, or a manager of the event's organizer: may watch its draft and its dashboard. */
  const managesEvent = (user: { id: string; role: Role } | null, eventId: string): Promise<boolean> => {
    if (user === null) return Promise.resolve(false);
    if (user.role === 'admin') return Promise.resolve(true);
    return requireRecordAccess(app.services.database.db, user, 'event', eventId, 'manager').then(
      () => true,
      () => false,
    );
  };

  io.on('connection', (socket) => {
    const { user } = socket.data;
    if (user !== null) void socket.join(USER_ROOM(user.id));

    socket.on(REALTIME.watch, (payload: unknown, ack: unknown) => {
      const eventId = eventIdOf(payload);
      if (eventId === undefined) return reply(ack, { ok: false, error: 'validation_failed' });
      const { watching, pendingWatches } = socket.data;
      if (watching.has(eventId)) return reply(ack, { ok: true });
      // Counted on arrival, the lookups still under way included: a burst sent at once, each
      // request seeing the others not yet watched, must not pass the cap together.
      const counted = pendingWatches.has(eventId);
      if (!counted && watching.size + pendingWatches.size >= REALTIME_LIMITS.watchesPerConnection)
        return reply(ack, { ok: false, error: 'limit_exceeded' });
      pendingWatches.add(eventId);
      eventStatus(eventId)
        .then(async (status) => {
          const visible =
            status === 'published' || status === 'cancelled' || (status !== undefined && (await managesEvent(user, eventId)));
          if (!visible || !socket.connected) return reply(ack, { ok: false, error: 'not_found' });
          if (socket.data.watching.has(eventId)) return reply(ack, { ok: true });
          socket.data.watching.add(eventId);
          await socket.join(EVENT_ROOM(eventId));
          await viewers.join(eventId, viewerKey(socket), socket.id);
          await availability.prime(eventId);
          if (user !== null) await queuePush.follow(socket, user.id, eventId);
          reply(ack, { ok: true });
        })
        .catch((err: unknown) => {
          log.warn({ err, eventId }, 'watch failed');
          reply(ack, { ok: false, error: 'internal' });
        })
        .finally(() => {
          // The duplicate of a watch under way leaves the slot to the first, which frees it.
          if (!counted) pendingWatches.delete(eventId);
        });
    });

    socket.on(REALTIME.unwatch, (payload: unknown, ack: unknown) => {
      const eventId = eventIdOf(payload);
      if (eventId === undefined || !socket.data.watching.delete(eventId)) return reply(ack, { ok: true });
      void socket.leave(EVENT_ROOM(eventId));
      queuePush.forget(socket.id, eventId);
      viewers
        .leave(eventId, viewerKey(socket), socket.id)
        .catch((err: unknown) => log.warn({ err, eventId }, 'unwatch failed'))
        .finally(() => reply(ack, { ok: true }));
    });

    socket.on(REALTIME.dashboardWatch, (payload: unknown, ack: unknown) => {
      const eventId = eventIdOf(payload);
      if (user === null) return reply(ack, { ok: false, error: 'forbidden' });
      if (eventId === undefined) return reply(ack, { ok: false, error: 'validation_failed' });
      // One answer for another organizer's event and for no event: nothing to probe.
      managesEvent(user, eventId)
        .then(async (may) => {
          if (!may || !socket.connected) return reply(ack, { ok: false, error: 'forbidden' });
          await socket.join(DASHBOARD_ROOM(eventId));
          reply(ack, { ok: true });
        })
        .catch((err: unknown) => {
          log.warn({ err, eventId }, 'dashboard watch failed');
          reply(ack, { ok: false, error: 'internal' });
        });
    });

    socket.on(REALTIME.dashboardUnwatch, (payload: unknown, ack: unknown) => {
      const eventId = eventIdOf(payload);
      if (eventId !== undefined) void socket.leave(DASHBOARD_ROOM(eventId));
      reply(ack, { ok: true });
    });

    socket.on('disconnect', () => {
      const key = viewerKey(socket);
      for (const eventId of socket.data.watching)
        viewers.leave(eventId, key, socket.id).catch((err: unknown) => log.warn({ err, eventId }, 'leave failed'));
      socket.data.watching.clear();
      queuePush.forget(socket.id);
    });
  });

  app.addHook('preClose', async () => {
    clearInterval(recheckTimer);
    stopListening();
    stopRecovery();
    dropped?.stop();
    availability.close();
    await pusher.close();
    await queuePush.close();
    await viewers.close();
    // Open WebSockets would keep the HTTP server from closing; the engine closes them.
    io.local.disconnectSockets(true);
    io.engine.close();
    await io.of('/').adapter.close();
    await fanout?.close();
  });
}

function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser page: nothing to forge
  if (allowed.has(origin)) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
