/**
 * Where to send someone after signing in. The value comes from the address bar, so anyone can craft
 * a link with it: only a path on this site is accepted. Another host, a scheme (`https:`,
 * `javascript:`), a protocol-relative `//host`, or a backslash or control character that browsers
 * quietly turn into `//host`, all fall back to the home page.
 */
const FALLBACK = '/';
const MAX_LENGTH = 2048;
const PROBE_ORIGIN = 'https://return-to.invalid';

function hasBackslashOrControl(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // Browsers read `\` as `/` and drop tabs and newlines, so `/\evil.com` and `/\t/evil.com` mean `//evil.com`.
    if (code === 0x5c || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** `value` when it is a same-site path starting with a single `/`, else `/`. */
export function safeReturnTo(value: string | null | undefined): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return FALLBACK;
  if (!value.startsWith('/') || value.startsWith('//') || hasBackslashOrControl(value)) return FALLBACK;
  // Belt and braces: whatever the checks above missed, the URL parser must still resolve it to our origin.
  try {
    if (new URL(value, PROBE_ORIGIN).origin !== PROBE_ORIGIN) return FALLBACK;
  } catch {
    return FALLBACK;
  }
  return value;
}
