/**
 * The embed origins field: one origin per line, as people paste them. A line is accepted when it is
 * exactly an http(s) origin (a trailing slash is forgiven); the rest is named back to the person,
 * so nothing they typed is silently dropped.
 */
export interface ParsedOrigins {
  origins: string[];
  invalid: string[];
}

function asOrigin(line: string): string | undefined {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.hostname.includes('*')) return undefined;
  return line.replace(/\/$/, '').toLowerCase() === url.origin ? url.origin : undefined;
}

export function parseEmbedOrigins(text: string): ParsedOrigins {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const line of text.split(/[\n,]/).map((part) => part.trim())) {
    if (line === '') continue;
    const origin = asOrigin(line);
    if (origin === undefined) invalid.push(line);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, invalid };
}
