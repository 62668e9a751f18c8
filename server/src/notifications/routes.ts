/** /api/notifications: the caller's notifications, newest first, and marking them read. */
import { NotificationListQuerySchema, NotificationPageSchema, NotificationSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { nowIso } from '../db/dialect.js';
import { createCursorCodec, decodeNewestFirst, olderThan, type NewestFirstPosition } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireUser } from '../security/auth.js';
import { toNotification } from './notify.js';

const tags = ['notifications'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const notificationRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, { cursorSecret }) => {
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);
  app.addHook('onRequest', requireUser);

  const unreadCount = async (userId: string) =>
    Number(
      (
        await db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('user_id', '=', userId)
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first, with the unread count',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationPageSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const limit = request.query.limit ?? 20;
      const after = decodeNewestFirst(cursors, request.query.cursor);
      const rows = await db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', user.id)
        .$if(request.query.unread === true, (q) => q.where('read_at', 'is', null))
        .$if(after !== undefined, (q) => q.where(olderThan(after as NewestFirstPosition)))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toNotification),
        nextCursor: rows.length > limit && last ? cursors.encode([last.created_at, last.id]) : null,
        unreadCount: await unreadCount(user.id),
      };
    },
  );

  app.post(
    '/:id/read',
    { schema: { tags, summary: 'Mark one of your notifications read', params: Params, response: { 200: NotificationSchema } } },
    async (request) => {
      const user = currentUser(request);
      // Only the first read sets the time; reading again changes nothing and answers the same.
      await db
        .updateTable('notifications')
        .set({ read_at: nowIso() })
        .where('id', '=', request.params.id)
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .execute();
      const row = await db
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (row === undefined) throw errors.notFound('notification');
      return toNotification(row);
    },
  );

  app.post(
    '/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your notifications read',
        response: { 200: Type.Object({ unreadCount: Type.Integer() }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await db
        .updateTable('notifications')
        .set({ read_at: nowIso() })
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .execute();
      return { unreadCount: await unreadCount(user.id) };
    },
  );
  return Promise.resolve();
};
