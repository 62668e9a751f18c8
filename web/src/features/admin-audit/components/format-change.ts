/**
 * An audit entry's before and after as short JSON: when both are objects, only the keys that
 * changed, so "role: user -> staff" does not drown in twenty unchanged fields.
 */
const MAX_LENGTH = 160;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON on one line, cut with an ellipsis past `max` characters; null for "nothing" (null or undefined). */
export function compactJson(value: unknown, max = MAX_LENGTH): string | null {
  if (value === null || value === undefined) return null;
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function changedOnly(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!isPlainObject(before) || !isPlainObject(after)) return { before, after };
  // `after` may be the whole record or just the patch; either way its keys are what was written.
  const changed = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return { before, after };
  const pick = (source: Record<string, unknown>) =>
    Object.fromEntries(changed.filter((key) => key in source).map((key) => [key, source[key]]));
  return { before: pick(before), after: pick(after) };
}

export function formatChange(before: unknown, after: unknown): { before: string | null; after: string | null } {
  const parts = changedOnly(before, after);
  return { before: compactJson(parts.before), after: compactJson(parts.after) };
}

export interface ChangeLine {
  /** The field that changed ("role"), or '' when the entry's sides are not records. */
  field: string;
  before: string | null;
  after: string | null;
}

/** A value as a person reads it: text as it is, yes/no, numbers, and short JSON only for nested data. */
export function readableValue(value: unknown, yesNo: (value: boolean) => string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH - 1)}…` : value;
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'number') return String(value);
  return compactJson(value);
}

/** Fields not worth a line: the record's own id is the entry's record already. */
const HIDDEN_FIELDS = new Set(['id']);

/**
 * One line per changed field ("role: user → staff"), instead of two blobs of JSON. `word` may word a
 * field's value its own way (undefined: the generic wording).
 */
export function changeLines(
  before: unknown,
  after: unknown,
  yesNo: (value: boolean) => string,
  word: (field: string, value: unknown) => string | undefined = () => undefined,
): ChangeLine[] {
  const parts = changedOnly(before, after);
  if (isPlainObject(parts.before) || isPlainObject(parts.after)) {
    const b = isPlainObject(parts.before) ? parts.before : {};
    const a = isPlainObject(parts.after) ? parts.after : {};
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((field) => !HIDDEN_FIELDS.has(field));
    const value = (field: string, v: unknown) =>
      v === null || v === undefined ? null : (word(field, v) ?? readableValue(v, yesNo));
    return fields.map((field) => ({ field, before: value(field, b[field]), after: value(field, a[field]) }));
  }
  return [{ field: '', before: readableValue(parts.before, yesNo), after: readableValue(parts.after, yesNo) }];
}

/** What a record is called, from its snapshot: a title, a name, a booking code or an email. */
export function recordName(before: unknown, after: unknown): string | null {
  for (const side of [after, before]) {
    if (!isPlainObject(side)) continue;
    for (const key of ['title', 'name', 'code', 'email']) {
      const value = side[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
  }
  return null;
}
