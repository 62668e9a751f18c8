/**
 * Posters for the demo catalogue, drawn at seed time: an SVG composed per event (its title, date
 * at the venue, venue and city, a palette of its own and shapes that follow its category),
 * rendered by sharp in the image process (image-helper.ts; librsvg, npm's prebuilt @img/sharp-*
 * binaries; nothing is downloaded) and stored like an uploaded poster (posters.ts). The twelve
 * demo events no longer share one gradient.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { formatEventTime } from '../platform/local-time.js';
import { setPoster } from './events.js';
import type { ObjectStore } from '../platform/storage/object-store.js';
import { storePoster } from './posters.js';
import { runImageJob } from './image-helper.js';

export interface PosterFacts {
  title: string;
  category: string;
  startsAt: string;
  timeZone: string;
  venueName: string;
  city: string;
}

const WIDTH = 800;
const HEIGHT = 1200;

/** Background from, background to, shapes, text: one palette per demo event. */
const PALETTES: [string, string, string, string][] = [
  ['#1b1f3b', '#53354a', '#e84545', '#f8f1f1'],
  ['#0b3c5d', '#328cc1', '#d9b310', '#ffffff'],
  ['#2d132c', '#801336', '#ee4540', '#fdf6f0'],
  ['#1e5128', '#4e9f3d', '#d8e9a8', '#ffffff'],
  ['#3a0ca3', '#7209b7', '#f72585', '#fefae0'],
  ['#283618', '#606c38', '#dda15e', '#fefae0'],
  ['#03045e', '#0077b6', '#90e0ef', '#ffffff'],
  ['#6a040f', '#d00000', '#ffba08', '#fff8e7'],
  ['#22223b', '#4a4e69', '#c9ada7', '#f2e9e4'],
  ['#004b23', '#38b000', '#ccff33', '#f7fff0'],
  ['#3c096c', '#5a189a', '#ff9e00', '#fff6e9'],
  ['#0d1b2a', '#415a77', '#e0e1dd', '#ffffff'],
];

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** A small deterministic pseudo-random sequence, so each event's poster is the same on every seed. */
function sequence(seed: string): () => number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

function shapes(category: string, color: string, random: () => number): string {
  const out: string[] = [];
  const n = (min: number, max: number) => min + random() * (max - min);
  switch (category) {
    case 'concert':
      for (let r = 60; r < 700; r += 55)
        out.push(
          `<circle cx="620" cy="380" r="${r}" fill="none" stroke="${color}" stroke-width="${n(2, 9).toFixed(1)}" opacity="0.55"/>`,
        );
      break;
    case 'theatre':
      for (let i = 0; i < 7; i++) {
        const x = i * 120 - 20;
        out.push(
          `<path d="M${x} 0 Q ${x + 60} ${n(380, 620).toFixed(0)} ${x + 120} 0 Z" fill="${color}" opacity="${n(0.25, 0.6).toFixed(2)}"/>`,
        );
      }
      break;
    case 'comedy':
      for (let i = 0; i < 40; i++)
        out.push(
          `<circle cx="${n(0, WIDTH).toFixed(0)}" cy="${n(0, 760).toFixed(0)}" r="${n(8, 48).toFixed(0)}" fill="${color}" opacity="${n(0.3, 0.8).toFixed(2)}"/>`,
        );
      break;
    case 'festival':
      for (let i = 0; i < 24; i++) {
        const a = (i / 24) * Math.PI * 2;
        const x = 400 + Math.cos(a) * 900;
        const y = 420 + Math.sin(a) * 900;
        if (i % 2 === 0)
          out.push(
            `<polygon points="400,420 ${x.toFixed(0)},${y.toFixed(0)} ${(400 + Math.cos(a + 0.13) * 900).toFixed(0)},${(420 + Math.sin(a + 0.13) * 900).toFixed(0)}" fill="${color}" opacity="0.45"/>`,
          );
      }
      out.push(`<circle cx="400" cy="420" r="120" fill="${color}"/>`);
      break;
    case 'sport':
      for (let i = -6; i < 12; i++)
        out.push(
          `<rect x="${i * 110}" y="-200" width="${n(24, 60).toFixed(0)}" height="1400" fill="${color}" opacity="0.5" transform="rotate(-25 400 600)"/>`,
        );
      break;
    case 'conference':
      for (let x = 40; x < WIDTH; x += 90)
        for (let y = 40; y < 760; y += 90)
          if (random() > 0.35)
            out.push(
              `<rect x="${x}" y="${y}" width="60" height="60" rx="8" fill="${color}" opacity="${n(0.2, 0.75).toFixed(2)}"/>`,
            );
      break;
    case 'family':
      for (let i = 0; i < 9; i++) {
        const x = n(60, 740);
        const y = n(80, 600);
        out.push(
          `<line x1="${x.toFixed(0)}" y1="${(y + 60).toFixed(0)}" x2="${(x + n(-30, 30)).toFixed(0)}" y2="${(y + 220).toFixed(0)}" stroke="${color}" stroke-width="2" opacity="0.7"/>`,
        );
        out.push(
          `<ellipse cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" rx="46" ry="60" fill="${color}" opacity="${n(0.55, 0.95).toFixed(2)}"/>`,
        );
      }
      break;
    default:
      for (let i = 0; i < 14; i++) {
        const x = n(0, WIDTH);
        const y = n(0, 760);
        const s = n(30, 110);
        out.push(
          `<rect x="${(x - s / 2).toFixed(0)}" y="${(y - s / 2).toFixed(0)}" width="${s.toFixed(0)}" height="${s.toFixed(0)}" fill="${color}" opacity="${n(0.3, 0.7).toFixed(2)}" transform="rotate(45 ${x.toFixed(0)} ${y.toFixed(0)})"/>`,
        );
      }
  }
  return out.join('');
}

/** The title in lines of at most `max` characters, broken between words; at most three lines. */
function titleLines(title: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of title.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3);
}

export function demoPosterSvg(event: PosterFacts, index: number): string {
  const [from, to, accent, ink] = PALETTES[index % PALETTES.length] ?? PALETTES[0] ?? ['#000', '#333', '#999', '#fff'];
  const random = sequence(event.title);
  const lines = titleLines(event.title, 14);
  const titleSize = lines.some((l) => l.length > 11) ? 84 : 100;
  const titleTop = 860 - (lines.length - 1) * titleSize;
  const font = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="0.6" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#bg)"/>
${shapes(event.category, accent, random)}
<rect x="0" y="${titleTop - titleSize - 40}" width="${WIDTH}" height="${HEIGHT}" fill="${from}" opacity="0.55"/>
<text x="56" y="${titleTop - titleSize - 4}" ${font} font-size="28" letter-spacing="6" fill="${accent}">${escapeXml(event.category.toUpperCase())}</text>
${lines.map((line, i) => `<text x="52" y="${titleTop + i * titleSize}" ${font} font-size="${titleSize}" font-weight="bold" fill="${ink}">${escapeXml(line)}</text>`).join('\n')}
<text x="56" y="1060" ${font} font-size="32" fill="${ink}">${escapeXml(formatEventTime(event.startsAt, event.timeZone, 'en'))}</text>
<text x="56" y="1110" ${font} font-size="32" fill="${accent}">${escapeXml(`${event.venueName} · ${event.city}`)}</text>
</svg>`;
}

/** The poster as a PNG, for posters.ts to store like an upload. */
export async function renderDemoPoster(event: PosterFacts, index: number): Promise<Buffer> {
  const [png] = await runImageJob({ op: 'svg-png', bytes: Buffer.from(demoPosterSvg(event, index)) });
  if (png === undefined) throw new Error('the image process drew no poster');
  return png;
}

/** Draws and stores a poster for every event that has none, each with its own palette (in creation order). */
export async function drawDemoPosters(db: Kysely<Database>, uploads: ObjectStore): Promise<void> {
  const events = await db
    .selectFrom('events')
    .select(['id', 'title', 'category', 'starts_at', 'time_zone', 'venue_name', 'venue_city', 'poster_key'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const [index, e] of events.entries()) {
    if (e.poster_key !== null) continue;
    const png = await renderDemoPoster(
      {
        title: e.title,
        category: e.category,
        startsAt: e.starts_at,
        timeZone: e.time_zone,
        venueName: e.venue_name,
        city: e.venue_city,
      },
      index,
    );
    await setPoster(db, null, e.id, await storePoster(uploads, png));
  }
}
