import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';
import { ROLES, type Role } from './roles.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const NAME_MAX_LENGTH = 100;

export const LOCALES = ['en', 'ro'] as const;
export type Locale = (typeof LOCALES)[number];

// Control characters, bidi overrides and line separators: a name is shown in emails and on tickets,
// where a newline starts a line the owner did not write and an override reverses what follows.
const NAME_FORBIDDEN = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Why a (trimmed) name is refused, or undefined when it is acceptable: 1–100 characters, none of them control characters. */
export function nameProblem(name: string): string | undefined {
  // Counted in code points, as the schema's maxLength counts: an emoji is one character.
  const length = name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
  if (length === 0) return 'Enter your name.';
  if (length > NAME_MAX_LENGTH) return `Use at most ${NAME_MAX_LENGTH} characters.`;
  if (NAME_FORBIDDEN.test(name)) return 'Use letters, digits and punctuation only: no line breaks or control characters.';
  return undefined;
}

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
// Checked again by nameProblem after trimming; the schema bounds what is read at all.
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH + 20 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
/** A token from a mailed link: random base64url text. */
const Token = Type.String({ minLength: 1, maxLength: 200 });

export const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });
export const LocaleSchema = Type.Unsafe<Locale>({ type: 'string', enum: [...LOCALES] });

/** The only shape in which a user ever leaves the server: no hash, no session. */
export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    disabled: Type.Boolean(),
    emailVerified: Type.Boolean(),
    locale: LocaleSchema,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type User = Static<typeof UserSchema>;

export const UserEnvelopeSchema = Type.Object({ user: UserSchema });
export interface UserEnvelope {
  user: User;
}

/** GET /api/auth/session: the signed-in user, or null for a visitor (200 either way). */
export const SessionEnvelopeSchema = Type.Object({ user: Type.Union([UserSchema, Type.Null()]) });
export interface SessionEnvelope {
  user: User | null;
}

export const RegisterBodySchema = Type.Object(
  { email: Email, password: Password, name: Name, locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBodySchema>;

/**
 * The answer to a registration: the new account (signed in, unverified), or `user: null` when the
 * address was taken (the owner was mailed instead). Both say `verificationSent`, so the answer
 * tells nobody which addresses have accounts.
 */
export const RegisterAnswerSchema = Type.Object({
  user: Type.Union([UserSchema, Type.Null()]),
  verificationSent: Type.Boolean(),
});
export interface RegisterAnswer {
  user: User | null;
  verificationSent: boolean;
}

export const VerifyEmailBodySchema = Type.Object({ token: Token }, { additionalProperties: false });
export type VerifyEmailBody = Static<typeof VerifyEmailBodySchema>;

export const PasswordResetBodySchema = Type.Object({ email: Email }, { additionalProperties: false });
export type PasswordResetBody = Static<typeof PasswordResetBodySchema>;

export const PasswordResetConfirmBodySchema = Type.Object(
  { token: Token, newPassword: Password },
  { additionalProperties: false },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBodySchema>;

export const ProfilePatchSchema = Type.Object(
  { name: Type.Optional(Name), locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfilePatch = Static<typeof ProfilePatchSchema>;

export const LoginBodySchema = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

export const PasswordChangeBodySchema = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBodySchema>;

export const CsrfTokenSchema = Type.Object({ token: Type.String() });

export const AdminUserQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AdminUserQuery = Static<typeof AdminUserQuerySchema>;

export const AdminUserPatchSchema = Type.Object(
  { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUserPatch = Static<typeof AdminUserPatchSchema>;

export const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    actor: Type.Union([Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }), Type.Null()]),
    action: Type.String(),
    entityType: Type.String(),
    entityId: OrNull(Type.String()),
    before: Type.Unknown(),
    after: Type.Unknown(),
    ip: OrNull(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditQuerySchema = Type.Object(
  {
    actorId: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    entityType: Type.Optional(Type.String({ maxLength: 100 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** A page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function pageSchema<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: OrNull(Type.String()) });
}
