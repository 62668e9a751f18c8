/**
 * The service worker that lets the door scanner open with no network (built by vite-plugin-pwa,
 * strategy injectManifest). What it serves, and why nothing else:
 *
 * - The app shell (every built script, style, font, image and the QR decoder's WebAssembly) is
 *   precached at install, so any client route, the scanner included, starts offline after one visit.
 * - Page navigations go to the network first, exactly as without a service worker; only when the
 *   network fails (or hangs for NAVIGATION_TIMEOUT_MS) is the precached index.html used.
 * - `GET /api/auth/me` is the one API answer kept: the scanner must know, offline, that the person
 *   holding it signed in as staff. It is answered from the network whenever there is one, stored
 *   only when that answer is 200, and dropped as soon as the network says 401 (signed out). Every
 *   `GET /api/auth/session` (each page load asks it) brings a kept answer up to date, and drops it
 *   when nobody is signed in; signing in, registering or signing out drops it at once. Otherwise a
 *   phone would open the scanner offline as whoever last opened it, in the role they had then.
 * - Every other request (the rest of the API, Socket.IO, posters, health) is not touched: no API
 *   answer is ever served stale. The check-in snapshot lives in IndexedDB, kept by the page itself.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const NAVIGATION_TIMEOUT_MS = 4_000;
const SESSION_CACHE = 'iat-session-v1';
const ME_PATH = '/api/auth/me';
const SESSION_PATH = '/api/auth/session';
/** Requests after which someone else (or nobody) is signed in. */
const SIGN_IN_CHANGES = new Set(['/api/auth/login', '/api/auth/register', '/api/auth/logout']);
/** Paths the server answers itself: never the app shell, online or not. */
const NOT_APP_PAGES = [
  /^\/api(\/|$)/,
  /^\/socket\.io\//,
  /^\/posters\//,
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/metrics$/,
  /^\/embed\//,
];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const appShell = createHandlerBoundToURL('/index.html');

registerRoute(
  new NavigationRoute(
    async (options) => {
      try {
        return await fetch(options.request, { signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS) });
      } catch {
        return appShell(options);
      }
    },
    { denylist: NOT_APP_PAGES },
  ),
);

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname === ME_PATH && request.method === 'GET',
  async ({ request }) => {
    const cache = await caches.open(SESSION_CACHE);
    let response: Response;
    try {
      response = await fetch(request);
    } catch (error) {
      const kept = await cache.match(ME_PATH);
      if (kept !== undefined) return kept;
      throw error;
    }
    if (response.status === 200) await cache.put(ME_PATH, response.clone());
    else if (response.status === 401 || response.status === 403) await cache.delete(ME_PATH);
    return response;
  },
);

// The session answer says who is signed in now, in which role: a kept /me follows it, and goes
// when nobody is signed in. It never starts keeping one (only the scanner asks for that).
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname === SESSION_PATH && request.method === 'GET',
  async ({ request }) => {
    const response = await fetch(request);
    if (response.status === 401 || response.status === 403) {
      await caches.delete(SESSION_CACHE);
    } else if (response.status === 200) {
      try {
        const { user } = (await response.clone().json()) as { user: unknown };
        const cache = await caches.open(SESSION_CACHE);
        if (user === null || typeof user !== 'object') await caches.delete(SESSION_CACHE);
        else if ((await cache.match(ME_PATH)) !== undefined) {
          await cache.put(ME_PATH, new Response(JSON.stringify({ user }), { headers: { 'content-type': 'application/json' } }));
        }
      } catch {
        await caches.delete(SESSION_CACHE);
      }
    }
    return response;
  },
);

// Signing out, in or up drops the stored answer at once (not only at the next 401 or page load),
// so a shared phone that goes offline after a sign-out does not open as the previous person.
registerRoute(
  ({ url }) => url.origin === self.location.origin && SIGN_IN_CHANGES.has(url.pathname),
  async ({ request }) => {
    await caches.delete(SESSION_CACHE);
    return fetch(request);
  },
  'POST',
);

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
