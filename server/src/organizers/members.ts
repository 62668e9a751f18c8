/**
 * An organizer's team: list, invite by email, change a role, remove. Every change is audited in its
 * transaction. The last owner can be neither removed nor demoted: the check and the change happen
 * under a lock of the organizer's row (PostgreSQL; SQLite runs one transaction at a time), so two
 * owners demoting each other at once leave one owner, never none.
 */
import { randomBytes } from 'node:crypto';
import type { Locale, Member, MemberInput, MemberListQuery, Page } from '@iatichet/contracts';
import type { Kysely, Transaction } from 'kysely';
import { issueToken } from '../accounts/account-tokens.js';
import { ACCOUNT_MAIL_WINDOW_SECONDS } from '../accounts/accounts-context.js';
import { hashPassword } from '../accounts/passwords.js';
import { findUserByEmail, insertUser, isUniqueViolation, updatePassword } from '../accounts/users.js';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, OrganizerRole } from '../db/schema.js';
import { enqueueEmail } from '../email/outbox.js';
import { decodeAscending, laterThan, pageOf, type AscendingPosition, type CursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';

export interface TeamActor {
  id: string;
  ip: string;
}

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: OrganizerRole;
  created_at: string;
}

const toMember = (r: MemberRow): Member => ({
  user: { id: r.id, email: r.email, name: r.name },
  role: r.role,
  createdAt: r.created_at,
});

/** An organizer's members with their accounts, as both the list and the single lookup read them. */
const membersOf = (db: Kysely<Database>, organizerId: string) =>
  db
    .selectFrom('organizer_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.organizer_id', '=', organizerId);

export async function listMembers(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: MemberListQuery,
  organizerId: string,
): Promise<Page<Member>> {
  const limit = query.limit ?? 20;
  // The keyset: the last member's (joined at, user id).
  const after = decodeAscending(cursors, query.cursor);
  const rows = await membersOf(db, organizerId)
    .$if(after !== undefined, (q) => q.where(laterThan(after as AscendingPosition, 'm.created_at', 'u.id')))
    .orderBy('m.created_at')
    .orderBy('u.id')
    .limit(limit + 1)
    .execute();
  return pageOf(cursors, rows, limit, toMember, (r) => [r.created_at, r.id]);
}

async function memberOf(db: Kysely<Database>, organizerId: string, userId: string): Promise<Member | undefined> {
  const r = await membersOf(db, organizerId).where('m.user_id', '=', userId).executeTakeFirst();
  return r && toMember(r);
}

/** Locks the organizer's row for the rest of the transaction (PostgreSQL; SQLite is one writer). */
async function lockOrganizer(trx: Transaction<Database>, organizerId: string): Promise<{ name: string }> {
  const row = await trx
    .selectFrom('organizers')
    .select('name')
    .where('id', '=', organizerId)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('organizer');
  return row;
}

async function ownerCount(trx: Transaction<Database>, organizerId: string): Promise<number> {
  const row = await trx
    .selectFrom('organizer_members')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('organizer_id', '=', organizerId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const lastOwner = () => errors.conflict('This is the last owner of the organizer; make someone else an owner first.');

/**
 * Adds the person with this email to the team. An unknown address gets an unverified account with
 * an unusable password and a link to choose one (the password-reset flow); either way the invitee is
 * mailed in their language (a new account: the inviter's). 409 when they are already a member.
 */
export async function inviteMember(
  db: Kysely<Database>,
  actor: TeamActor,
  organizerId: string,
  input: MemberInput,
  mail: { publicUrl: string; locale: Locale; withinBudget: (email: string) => Promise<boolean> },
): Promise<Member> {
  // Hashed before the transaction: the hash is slow on purpose and must not hold a lock.
  const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));
  try {
    return await inTransaction(db, async (trx) => {
      const organizer = await lockOrganizer(trx, organizerId);
      const existing = await findUserByEmail(trx, input.email);
      const user =
        existing ??
        (await insertUser(trx, {
          email: input.email,
          name: input.email.split('@')[0] ?? input.email,
          passwordHash: unusablePassword,
          locale: mail.locale,
        }));
      // Anyone may register any address; until its mailbox proved it, the account's password and
      // sessions are whoever typed it in. The invitation is for the mailbox: such an account is
      // taken over (unusable password, sessions ended) and the mail carries a link to choose a
      // password, as for a new account, so a squatter never holds the membership.
      const unproven = existing !== undefined && existing.email_verified === 0;
      if (unproven) {
        await updatePassword(trx, existing.id, unusablePassword);
        await trx.deleteFrom('sessions').where('user_id', '=', existing.id).execute();
      }
      const createdAt = nowIso();
      await trx
        .insertInto('organizer_members')
        .values({ organizer_id: organizerId, user_id: user.id, role: input.role, created_at: createdAt })
        .execute();
      // Spent only once the membership row is in: an invitee already in the team (409, also when
      // invited many times at once, as the organizer lock serializes them) costs no email budget.
      const mayMail = await mail.withinBudget(input.email);
      // The takeover is only as good as the link it mails: with the address's mail budget spent
      // (anyone can spend it with reset requests), the whole invitation is undone, password and
      // sessions included, rather than locking the mailbox's owner out with no way back this hour.
      if (unproven && !mayMail) throw errors.rateLimited(ACCOUNT_MAIL_WINDOW_SECONDS);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'organizer.member_add',
        entityType: 'user',
        entityId: user.id,
        organizerId,
        after: { role: input.role, accountCreated: existing === undefined, ...(unproven && { passwordReplaced: true }) },
        ip: actor.ip,
      });
      if (mayMail) {
        // A new or taken-over account is mailed in the inviter's language (a squatter chose the other's).
        const locale = existing === undefined || unproven ? mail.locale : user.locale;
        const t = (key: string, params = {}) => translate(locale, key, params);
        const words = { organizer: organizer.name, role: t(`email.organizer_invite.role.${input.role}`) };
        const body =
          existing === undefined || unproven
            ? t('email.organizer_invite.bodyNew', {
                ...words,
                link: `${mail.publicUrl}/reset-password?token=${await issueToken(trx, user.id, 'password_reset')}`,
                forgot: `${mail.publicUrl}/forgot-password`,
              })
            : t('email.organizer_invite.bodyExisting', { ...words, link: `${mail.publicUrl}/admin` });
        await enqueueEmail(trx, {
          kind: 'organizer_invite',
          to: user.email,
          subject: t('email.organizer_invite.subject', words),
          body: `${t('email.greeting')}\n\n${body}\n\n${t('email.signature')}`,
          reservationId: null,
          attachTickets: false,
        });
      }
      return { user: { id: user.id, email: user.email, name: user.name }, role: input.role, createdAt };
    });
  } catch (err) {
    // Already a member, or the same address invited twice at once (one account, one membership).
    if (isUniqueViolation(err)) throw errors.conflict('This person is already in the team.');
    throw err;
  }
}

/** Changes a member's role; an owner stepping down must leave another owner. */
export async function changeMemberRole(
  db: Kysely<Database>,
  actor: TeamActor,
  organizerId: string,
  userId: string,
  role: OrganizerRole,
): Promise<Member> {
  return inTransaction(db, async (trx) => {
    await lockOrganizer(trx, organizerId);
    const before = await memberOf(trx, organizerId, userId);
    if (before === undefined) throw errors.notFound('member');
    if (before.role === role) return before;
    if (before.role === 'owner' && (await ownerCount(trx, organizerId)) <= 1) throw lastOwner();
    await trx
      .updateTable('organizer_members')
      .set({ role })
      .where('organizer_id', '=', organizerId)
      .where('user_id', '=', userId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'organizer.member_role',
      entityType: 'user',
      entityId: userId,
      organizerId,
      before: { role: before.role },
      after: { role },
      ip: actor.ip,
    });
    return { ...before, role };
  });
}

export async function removeMember(db: Kysely<Database>, actor: TeamActor, organizerId: string, userId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockOrganizer(trx, organizerId);
    const before = await memberOf(trx, organizerId, userId);
    if (before === undefined) throw errors.notFound('member');
    if (before.role === 'owner' && (await ownerCount(trx, organizerId)) <= 1) throw lastOwner();
    await trx.deleteFrom('organizer_members').where('organizer_id', '=', organizerId).where('user_id', '=', userId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'organizer.member_remove',
      entityType: 'user',
      entityId: userId,
      organizerId,
      before: { role: before.role },
      ip: actor.ip,
    });
  });
}
