/**
 * Which sites may frame an organizer's embed pages. The list is typed by people (organizer
 * settings) and ends up in a response header, so only a plain `scheme://host[:port]` survives:
 * anything else (a path, a wildcard, a quote or `;` that would start another CSP directive) is
 * dropped, never passed through.
 */

/** The origin itself when `value` is exactly an http(s) origin, else undefined. */
export function frameOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // A host name, an IPv4 or a bracketed IPv6 address: a wildcard is a CSP pattern, not an origin.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return undefined;
  // new URL() normalises case and default ports; what is left must be the origin and nothing more.
  return value.replace(/\/$/, '').toLowerCase() === url.origin ? url.origin : undefined;
}

/** The valid origins of an organizer's `embed_origins_json`, deduplicated, in their order. */
export function frameOrigins(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const origins = parsed.map(frameOrigin).filter((origin): origin is string => origin !== undefined);
  return [...new Set(origins)];
}

/** The value of the `frame-ancestors` directive: exactly those origins, or 'none'. */
export function frameAncestors(origins: readonly string[]): string {
  return origins.length === 0 ? "'none'" : origins.join(' ');
}
