/**
 * The HTML of the embed page: one event, compact, readable without JavaScript. Everything typed by
 * people (titles, names, venue) is escaped here and nowhere else; the page's only script is the
 * same-origin /embed/embed.js, and its one style block is allowed by its hash, not by
 * 'unsafe-inline' (embed-routes.ts builds the CSP).
 */
import { createHash } from 'node:crypto';
import type { CatalogEvent, Locale } from '@iatichet/contracts';
import { CATALOGUES, translate } from '../platform/i18n.js';
import { formatEventTime, formatMoney } from '../platform/local-time.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** JSON that is safe inside a <script type="application/json"> block: no "</script>" can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1c2b;background:#fff}
body{margin:0;padding:16px;font-size:16px;line-height:1.45}
h1{font-size:1.3rem;margin:0 0 4px}
p{margin:0 0 4px}
.muted{color:#4a4f63}
.notice{margin:12px 0;padding:10px 12px;border-radius:8px;background:#fff4e5;color:#663c00}
ul{list-style:none;padding:0;margin:12px 0}
li{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;padding:10px 0;border-top:1px solid #dfe1ea}
.type{flex:1 1 12rem}
.type strong{display:block}
select{min-height:44px;min-width:5rem;font:inherit;padding:0 8px;border:1px solid #6b7087;border-radius:8px;background:#fff;color:inherit}
.buy{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:0 20px;border-radius:22px;background:#3443b5;color:#fff;font-weight:700;text-decoration:none}
.buy:focus-visible,select:focus-visible{outline:3px solid #f5a524;outline-offset:2px}
.soldout{color:#a12222;font-weight:600}
.subhead{font-size:1rem;margin:12px 0 0}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

/** The CSP source that allows exactly the style block above. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function document(locale: Locale, title: string, body: string, dataAttributes = ''): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body${dataAttributes}>
${body}
</body>
</html>
`;
}

type SaleState = 'open' | 'not_yet' | 'ended' | 'cancelled' | 'sold_out';

function saleState(event: CatalogEvent, now: Date): SaleState {
  if (event.status === 'cancelled') return 'cancelled';
  if (event.salesStartAt !== null && new Date(event.salesStartAt) > now) return 'not_yet';
  const end = event.salesEndAt ?? event.startsAt;
  if (new Date(end) <= now) return 'ended';
  return event.remaining === 0 ? 'sold_out' : 'open';
}

function notice(state: SaleState, event: CatalogEvent, locale: Locale): string {
  switch (state) {
    case 'open':
      return '';
    case 'not_yet':
      return translate(locale, 'embed.salesNotYet', {
        time: formatEventTime(event.salesStartAt ?? event.startsAt, event.timeZone, locale),
      });
    default:
      return translate(locale, `embed.${state === 'sold_out' ? 'soldOutAll' : state === 'ended' ? 'salesEnded' : 'cancelled'}`);
  }
}

function remainingText(locale: Locale, remaining: number): string {
  return remaining === 0 ? translate(locale, 'embed.soldOut') : translate(locale, 'embed.left', { count: remaining });
}

/**
 * The words the live script needs to say "3 left" in the page's language: the catalogue's plural
 * forms as they are written (with {{count}}), for Intl.PluralRules in the browser to choose from.
 */
function liveWords(locale: Locale): Record<string, string> {
  const words: Record<string, string> = { soldOut: translate(locale, 'embed.soldOut') };
  const embed = (CATALOGUES[locale].embed ?? CATALOGUES.en.embed) as Record<string, unknown>;
  for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) {
    const text = embed[`left_${form}`];
    if (typeof text === 'string') words[form] = text;
  }
  return words;
}

function ticketRow(event: CatalogEvent, type: CatalogEvent['ticketTypes'][number], locale: Locale, open: boolean): string {
  const max = Math.min(type.remaining, event.maxTicketsPerOrder);
  const selectId = `qty-${type.id}`;
  const picker =
    open && event.seating === 'general' && max > 0
      ? `<label class="muted" for="${escapeHtml(selectId)}">${escapeHtml(translate(locale, 'embed.quantityFor', { name: type.name }))}</label>
<select id="${escapeHtml(selectId)}" data-ticket-type="${escapeHtml(type.id)}">${Array.from(
          { length: max + 1 },
          (_, n) => `<option value="${n}">${n}</option>`,
        ).join('')}</select>`
      : '';
  return `<li><span class="type"><strong>${escapeHtml(type.name)}</strong>
<span>${escapeHtml(formatMoney(type.priceCents, event.currency, locale))}</span> ·
<span data-remaining-for="${escapeHtml(type.id)}" class="${type.remaining === 0 ? 'soldout' : 'muted'}">${escapeHtml(remainingText(locale, type.remaining))}</span></span>
${picker}</li>`;
}

export interface EmbedPageInput {
  event: CatalogEvent;
  locale: Locale;
  /** The framing site's origin, when it is one of the organizer's: where the frame reports its height. */
  parentOrigin: string | undefined;
  now?: Date;
}

export function renderEmbedPage({ event, locale, parentOrigin, now = new Date() }: EmbedPageInput): string {
  const state = saleState(event, now);
  const open = state === 'open';
  const eventHref = `/events/${encodeURIComponent(event.id)}`;
  const buyLabel = translate(locale, event.seating === 'reserved' ? 'embed.chooseSeats' : 'embed.buy');
  const noticeText = notice(state, event, locale);
  const body = `<main>
<h1 id="event-title">${escapeHtml(event.title)}</h1>
<p><time datetime="${escapeHtml(event.startsAt)}">${escapeHtml(formatEventTime(event.startsAt, event.timeZone, locale))}</time></p>
<p class="muted">${escapeHtml([event.venue.name, event.venue.city].filter((part) => part !== '').join(', '))}</p>
${noticeText === '' ? '' : `<p class="notice" role="status">${escapeHtml(noticeText)}</p>`}
<section aria-labelledby="tickets-heading">
<h2 id="tickets-heading" class="muted subhead">${escapeHtml(translate(locale, 'embed.tickets'))}</h2>
<ul>${event.ticketTypes.map((type) => ticketRow(event, type, locale, open)).join('\n')}</ul>
</section>
${
  open
    ? `<p><a id="buy" class="buy" href="${escapeHtml(eventHref)}" data-href="${escapeHtml(eventHref)}" target="_blank" rel="noopener">${escapeHtml(buyLabel)}<span class="vh"> ${escapeHtml(translate(locale, 'embed.newTab'))}</span></a></p>
<p class="muted">${escapeHtml(translate(locale, 'embed.newTabNote'))}</p>`
    : ''
}
</main>
<script type="application/json" id="embed-words">${scriptJson(liveWords(locale))}</script>
<script src="/embed/embed.js" defer></script>`;
  const data = ` data-event-id="${escapeHtml(event.id)}"${parentOrigin === undefined ? '' : ` data-parent-origin="${escapeHtml(parentOrigin)}"`}`;
  return document(locale, event.title, body, data);
}

export function renderEmbedNotFound(locale: Locale): string {
  const title = translate(locale, 'embed.notFoundTitle');
  return document(
    locale,
    title,
    `<main><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(translate(locale, 'embed.notFoundText'))}</p></main>`,
  );
}
