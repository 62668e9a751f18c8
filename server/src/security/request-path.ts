/**
 * The path a security hook judges a request by. Fastify routes on the percent-decoded path and
 * accepts an absolute-form request line (`POST http://host/api/...`), so a hook that tests the raw
 * `request.url` can be walked around: `/%61pi/auth/logout` reaches the logout route without
 * starting with `/api/`. Hooks therefore decide on the route Fastify matched, and when nothing
 * matched (a 404 on its way), on the decoded, normalised path, erring towards "this is the API".
 */
import type { FastifyRequest } from 'fastify';

/** Decoded, without query or fragment, repeated slashes folded, lower case: never used for routing, only for judging. */
export function normalisedPath(url: string): string {
  let path = url;
  if (!path.startsWith('/')) {
    try {
      path = new URL(path).pathname;
    } catch {
      return '';
    }
  }
  const end = path.search(/[?#]/);
  if (end >= 0) path = path.slice(0, end);
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: Fastify refuses such a URL before routing; judge the text as it is.
  }
  return path.replace(/\/{2,}/g, '/').toLowerCase();
}

/** The matched route's own path (`/api/auth/logout`), else the normalised path of the request line. */
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? normalisedPath(request.url);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return routedPath(request).startsWith('/api/');
}
