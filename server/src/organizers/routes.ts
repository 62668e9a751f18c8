/**
 * /api/organizers: the caller's organizers (every one for a site admin), making one (site admin),
 * changing one's details (owner or site admin), and its team (members are managed by owners).
 * Another organizer's records answer 404 (access.ts).
 */
import {
  MemberInputSchema,
  MemberListQuerySchema,
  MemberPatchSchema,
  MemberSchema,
  OrganizerInputSchema,
  OrganizerPatchSchema,
  OrganizerListQuerySchema,
  OrganizerSchema,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AccountsContext } from '../accounts/accounts-context.js';
import { normalizeEmail } from '../accounts/users.js';
import { createCursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { requestLocale } from '../platform/i18n.js';
import { requireAdmin, requireUser } from '../security/auth.js';
import { callerOf, requireOrganizerRole } from './access.js';
import { changeMemberRole, inviteMember, listMembers, removeMember } from './members.js';
import { createOrganizer, findOrganizer, listOrganizers, toOrganizer, updateOrganizer } from './organizers.js';

const tags = ['organizers'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const MemberParams = Type.Object({ id: Type.String({ maxLength: 100 }), userId: Type.String({ maxLength: 100 }) });
const actorOf = (request: FastifyRequest) => ({ id: callerOf(request).id, ip: request.ip });

export const organizerRoutes: FastifyPluginAsyncTypebox<{
  accounts: AccountsContext;
  /** Drops the cached public catalogue: event answers carry the organizer's name and slug. */
  invalidateCatalog: () => Promise<void>;
  cursorSecret: string;
}> = (app, { accounts, invalidateCatalog, cursorSecret }) => {
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);
  app.addHook('onRequest', requireUser);
  /** Owners manage details and the team; people only (a token names no scope here, so it gets 403). */
  const requireOwner = (request: FastifyRequest, organizerId: string) =>
    requireOrganizerRole(db, callerOf(request), organizerId, 'owner');

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: "The caller's organizers with their role in each (every organizer for a site admin), by name",
        querystring: OrganizerListQuerySchema,
        response: { 200: pageSchema(OrganizerSchema) },
      },
    },
    async (request) => listOrganizers(db, cursors, request.query, callerOf(request)),
  );

  app.post(
    '/',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Create an organizer (site admin; the creator does not join its team)',
        body: OrganizerInputSchema,
        response: { 201: OrganizerSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createOrganizer(db, callerOf(request).id, request.body)),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One organizer (any member, or a site admin)',
        params: Params,
        response: { 200: OrganizerSchema },
      },
    },
    async (request) => {
      const access = await requireOrganizerRole(db, callerOf(request), request.params.id, 'checkin', { scope: 'events:read' });
      const row = await findOrganizer(db, request.params.id);
      if (row === undefined) throw errors.notFound('organizer');
      return toOrganizer(row, access === 'admin' || access === 'token' ? null : access);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: "Change an organizer's name, slug, legal details or embed origins (owner or site admin)",
        params: Params,
        body: OrganizerPatchSchema,
        response: { 200: OrganizerSchema },
      },
    },
    async (request) => {
      await requireOwner(request, request.params.id);
      const organizer = await updateOrganizer(db, callerOf(request).id, request.params.id, request.body);
      // After the commit, before the answer: the next catalogue read anywhere shows the new name.
      if (request.body.name !== undefined || request.body.slug !== undefined) await invalidateCatalog();
      return organizer;
    },
  );

  app.get(
    '/:id/members',
    {
      schema: {
        tags,
        summary: "The organizer's team in joining order (owners and site admins)",
        params: Params,
        querystring: MemberListQuerySchema,
        response: { 200: pageSchema(MemberSchema) },
      },
    },
    async (request) => {
      await requireOwner(request, request.params.id);
      return listMembers(db, cursors, request.query, request.params.id);
    },
  );

  app.post(
    '/:id/members',
    {
      schema: {
        tags,
        summary: 'Add a member by email; an unknown address gets an unverified account and a link to choose a password',
        params: Params,
        body: MemberInputSchema,
        response: { 201: MemberSchema },
      },
    },
    async (request, reply) => {
      await requireOwner(request, request.params.id);
      const member = await inviteMember(db, actorOf(request), request.params.id, request.body, {
        publicUrl: app.services.config.publicUrl,
        locale: requestLocale(request, app.services.config.defaultLocale),
        // The same budget as every account email: an invitation must not be a way to flood a mailbox.
        withinBudget: async (email) => (await accounts.accountMail.consume(normalizeEmail(email))) === 0,
      });
      return reply.code(201).send(member);
    },
  );

  app.patch(
    '/:id/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's role; the last owner stays an owner (409)",
        params: MemberParams,
        body: MemberPatchSchema,
        response: { 200: MemberSchema },
      },
    },
    async (request) => {
      await requireOwner(request, request.params.id);
      return changeMemberRole(db, actorOf(request), request.params.id, request.params.userId, request.body.role);
    },
  );

  app.delete(
    '/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member; the last owner cannot be removed (409)',
        params: MemberParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await requireOwner(request, request.params.id);
      await removeMember(db, actorOf(request), request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
