/**
 * Questions an event asks its buyers (once per order) or each attendee (per ticket), and the
 * answers: the schemas of both sides and the one check of a value against its question, run by
 * the server on every write and by the web form before it sends (so both say the same thing).
 */
import { Type, type Static } from 'typebox';
import { CODE_LIMITS } from './codes.js';

export const QUESTION_KINDS = ['text', 'choice', 'multi', 'checkbox', 'email', 'phone', 'date'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_LIMITS = {
  label: 300,
  options: 50,
  option: 200,
  /** Questions per event (live ones). */
  questions: 50,
  text: 1000,
  email: 254,
} as const;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Kind = Type.Unsafe<QuestionKind>({ type: 'string', enum: [...QUESTION_KINDS] });
const Options = Type.Array(Type.String({ minLength: 1, maxLength: QUESTION_LIMITS.option }), {
  maxItems: QUESTION_LIMITS.options,
});

export const QuestionSchema = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    kind: Kind,
    /** The choices of a choice or multi question; empty for the other kinds. */
    options: Type.Array(Type.String()),
    required: Type.Boolean(),
    /** Asked of each attendee (a ticket), not once per order. */
    perTicket: Type.Boolean(),
    /** The ticket types it applies to; empty = all. */
    ticketTypeIds: Type.Array(Type.String()),
    position: Type.Integer(),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof QuestionSchema>;

const questionFields = {
  label: Type.String({ minLength: 1, maxLength: QUESTION_LIMITS.label }),
  kind: Kind,
  options: Type.Optional(Options),
  required: Type.Optional(Type.Boolean()),
  perTicket: Type.Optional(Type.Boolean()),
  ticketTypeIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
};

export const QuestionInputSchema = Type.Object(questionFields, { additionalProperties: false });
export type QuestionInput = Static<typeof QuestionInputSchema>;

export const QuestionPatchSchema = Type.Object(
  {
    label: Type.Optional(questionFields.label),
    kind: Type.Optional(Kind),
    options: Type.Optional(Options),
    required: Type.Optional(Type.Boolean()),
    perTicket: Type.Optional(Type.Boolean()),
    ticketTypeIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type QuestionPatch = Static<typeof QuestionPatchSchema>;

/**
 * GET /api/events/:id/questions for a buyer: the questions of hidden ticket types are left out
 * unless `code` unlocks those types (as on the event page) or `reservation` (the caller's own)
 * holds them, so the list never tells that a hidden type exists.
 */
export const QuestionListQuerySchema = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: CODE_LIMITS.codeMax })),
    reservation: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type QuestionListQuery = Static<typeof QuestionListQuerySchema>;

/** PUT /api/events/:id/questions/order: every live question of the event, in the new order. */
export const QuestionOrderSchema = Type.Object(
  { questionIds: Type.Array(Id, { minItems: 1, maxItems: QUESTION_LIMITS.questions }) },
  { additionalProperties: false },
);

/**
 * A value as sent: text for most kinds, a list for multi, a boolean for a checkbox. The schema
 * accepts any JSON on purpose: the server's validator coerces types, so a typed union would turn
 * `true` into "true" on its first branch (and a list of types makes Ajv warn at every start).
 * answerProblem checks the type and the limits, and answers a wrong one on the answer's own path.
 */
export const AnswerValueInputSchema = Type.Unsafe<string | string[] | boolean>({
  description: 'string (text, email, phone, date, choice), array of strings (multi) or boolean (checkbox)',
});
/** A value as answered; a union here, which the response serializer writes by its type. */
export const AnswerValueSchema = Type.Union([Type.String(), Type.Array(Type.String()), Type.Boolean()]);
export type AnswerValue = Static<typeof AnswerValueSchema>;

export const AnswerInputSchema = Type.Object(
  {
    questionId: Id,
    /** The ticket's index in the reservation's `tickets` (per-ticket questions), or null (per order). */
    ticket: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: 99 }),
    value: AnswerValueInputSchema,
  },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInputSchema>;
export const AnswerInputsSchema = Type.Array(AnswerInputSchema, { maxItems: 1000 });

/** PUT /api/reservations/:id/answers: every answer of the reservation, replacing the ones before. */
export const AnswersRequestSchema = Type.Object({ answers: AnswerInputsSchema }, { additionalProperties: false });
export type AnswersRequest = Static<typeof AnswersRequestSchema>;

/** An answer as reservations show it: on the reservation (per order) or on its ticket. */
export const AnswerSchema = Type.Object(
  { questionId: Type.String(), label: Type.String(), kind: Kind, value: AnswerValueSchema },
  { additionalProperties: false },
);
export type Answer = Static<typeof AnswerSchema>;

/** Why a value does not answer its question; the web's messages and the server's share these words. */
export type AnswerProblem = 'required' | 'kind' | 'tooLong' | 'email' | 'phone' | 'date' | 'option' | 'duplicate';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +: 6 to 20 digits. */
const PHONE = /^\+?[0-9 ()./-]+$/;

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** True when the value counts as no answer (left empty); a required question then fails. */
export function isBlankAnswer(value: AnswerValue | undefined): boolean {
  return (
    value === undefined ||
    value === false ||
    (typeof value === 'string' ? value.trim() === '' : Array.isArray(value) && value.length === 0)
  );
}

/** The one check of a value against its question; null when it answers it (or is a blank optional answer). */
export function answerProblem(
  q: Pick<Question, 'kind' | 'options' | 'required'>,
  value: AnswerValue | undefined,
): AnswerProblem | null {
  if (value !== undefined) {
    const wanted = q.kind === 'checkbox' ? 'boolean' : q.kind === 'multi' ? 'array' : 'string';
    const actual = Array.isArray(value) ? 'array' : typeof value;
    if (actual !== wanted) return 'kind';
  }
  // A required checkbox is a consent: it must be ticked.
  if (isBlankAnswer(value)) return q.required ? 'required' : null;
  if (typeof value === 'string') {
    const v = value.trim();
    if (q.kind === 'email') return v.length > QUESTION_LIMITS.email || !EMAIL.test(v) ? 'email' : null;
    if (q.kind === 'phone') {
      const digits = v.replace(/\D/g, '').length;
      return !PHONE.test(v) || digits < 6 || digits > 20 ? 'phone' : null;
    }
    if (q.kind === 'date') return validDate(v) ? null : 'date';
    if (q.kind === 'choice') return q.options.includes(v) ? null : 'option';
    return v.length > QUESTION_LIMITS.text ? 'tooLong' : null;
  }
  if (Array.isArray(value)) {
    if (value.length > QUESTION_LIMITS.options) return 'option';
    if (new Set(value).size !== value.length) return 'duplicate';
    // Checked one by one: the request's schema lets any JSON through here (AnswerValueInputSchema).
    return value.every((v) => typeof v === 'string' && q.options.includes(v)) ? null : 'option';
  }
  return null;
}

/** Whether a question is asked for a ticket of this type (empty list: every type). */
export const appliesToType = (q: Pick<Question, 'ticketTypeIds'>, ticketTypeId: string) =>
  q.ticketTypeIds.length === 0 || q.ticketTypeIds.includes(ticketTypeId);
