/**
 * A form's field errors in one place: the server's (from the last failed submit) and the form's own
 * checks, keyed by field name. A field's message goes away as soon as the person edits that field.
 */
import { useState } from 'react';
import { fieldErrorsByName } from '@/lib/error-messages';

export function useFormErrors(serverError: unknown) {
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());

  const all = { ...fieldErrorsByName(serverError), ...clientErrors };
  const errors: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(all).filter(([name]) => !edited.has(name)),
  );

  /** At submit: the problems the form found itself (none when it may be sent). */
  const startAttempt = (found: Record<string, string>) => {
    setClientErrors(found);
    setEdited(new Set());
  };
  const markEdited = (name: string) => {
    if (name !== '' && !edited.has(name)) setEdited(new Set(edited).add(name));
  };
  /**
   * Drops every message under `prefix` ("ticketTypes."): for fields keyed by position, once rows are
   * removed or replaced, a message would otherwise stay at its index, on another row.
   */
  const forget = (prefix: string) => {
    const names = Object.keys(all).filter((name) => name.startsWith(prefix) && !edited.has(name));
    if (names.length > 0) setEdited(new Set([...edited, ...names]));
  };
  return { errors, startAttempt, markEdited, forget };
}

/** A text field's value from FormData ('' when missing). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** The name of the field an input event came from, for `markEdited`. */
export function fieldNameOf(target: EventTarget): string {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target.name : '';
}
