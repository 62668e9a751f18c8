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
