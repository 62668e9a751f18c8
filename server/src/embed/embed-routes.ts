/**
 * GET /embed/events/:id, /embed/embed.js and /widget.js (API.md "Embedding"). The embed page is the
 * one document of the site that another site may frame, and only a site the event's organizer
 * lists in `embedOrigins`: its `frame-ancestors` names exactly those (none: 'none'), replacing the
 * global anti-framing headers (security/http-security.ts) for this route alone.
 *
 * Checkout does not happen inside the frame: the session cookie is SameSite=Lax, so a third-party
 * frame never carries it, and Chromium blocks third-party cookies anyway. Buy opens the full
 * site's event page in a new tab, with the chosen quantities preselected (docs/embedding.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { isLocale, requestLocale } from '../platform/i18n.js';
import { loadEmbedEvent } from './embed-event.js';
import { renderEmbedNotFound, renderEmbedPage, STYLE_HASH } from './embed-page.js';
import { FRAME_SCRIPT, WIDGET_SCRIPT } from './embed-scripts.js';
import { frameAncestors, frameOrigin } from './frame-origins.js';

const tags = ['embed'];
const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const Query = Type.Object(
  {
    lang: Type.Optional(Type.String({ maxLength: 10, description: 'en or ro; else the Accept-Language' })),
    parent: Type.Optional(Type.String({ maxLength: 200, description: "The framing page's origin (set by widget.js)" })),
  },
  { additionalProperties: false },
);

/** The embed page's policy: its own script, its one hashed style block, the API, nothing else. */
function pageCsp(ancestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${STYLE_HASH}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

function sendDocument(reply: FastifyReply, status: number, ancestors: string, html: string): FastifyReply {
  // frame-ancestors supersedes X-Frame-Options, but an old browser reads only the latter: drop it.
  reply.removeHeader('x-frame-options');
  return reply
    .code(status)
    .type(HTML)
    .header('content-security-policy', pageCsp(ancestors))
    .header('cache-control', 'no-cache')
    .send(html);
}

function script(reply: FastifyReply, source: string): string {
  // Loaded by <script src> from other sites: the resource policy must let them.
  void reply
    .type(JAVASCRIPT)
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', 'public, max-age=300');
  return source;
}

export const embedRoutes: FastifyPluginAsyncTypebox = (app) => {
  const { db } = app.services.database;
  const { defaultLocale } = app.services.config;

  app.get(
    '/embed/events/:id',
    {
      schema: {
        tags,
        summary: "A compact page of one published event that the organizer's embedOrigins may frame",
        params: Params,
        querystring: Query,
        produces: ['text/html'],
        response: {
          200: Type.String({ description: 'text/html' }),
          404: Type.String({ description: 'text/html: a draft or unknown event' }),
        },
      },
    },
    async (request, reply) => {
      const locale = isLocale(request.query.lang) ? request.query.lang : requestLocale(request, defaultLocale);
      const found = await loadEmbedEvent(db, request.params.id);
      // A draft and an unknown id look the same, and nobody may frame either.
      if (found === undefined) return sendDocument(reply, 404, "'none'", renderEmbedNotFound(locale));
      const parent = frameOrigin(request.query.parent);
      const parentOrigin = parent !== undefined && found.origins.includes(parent) ? parent : undefined;
      return sendDocument(
        reply,
        200,
        frameAncestors(found.origins),
        renderEmbedPage({ event: found.event, locale, parentOrigin }),
      );
    },
  );

  app.get(
    '/embed/embed.js',
    { schema: { tags, summary: "The embed page's own script", response: { 200: Type.String({ description: JAVASCRIPT }) } } },
    (_request, reply) => script(reply, FRAME_SCRIPT),
  );

  app.get(
    '/widget.js',
    {
      schema: {
        tags,
        summary: 'Defines <iatichet-event event-id="...">, which frames /embed/events/:id',
        response: { 200: Type.String({ description: JAVASCRIPT }) },
      },
    },
    (_request, reply) => script(reply, WIDGET_SCRIPT),
  );
  return Promise.resolve();
};
