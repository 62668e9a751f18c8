/** IANA time zones as this runtime knows them (Intl): the zones venues and config may name. */
const known = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * The canonical spelling of a zone, or null when the runtime does not know it. Intl lists
 * canonical names only (no `UTC`, no links such as `Europe/Kiev`), so a name it does not list is
 * tried by constructing a formatter, which accepts every name of the IANA database.
 */
export function canonicalTimeZone(name: string): string | null {
  if (known.has(name)) return name;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
