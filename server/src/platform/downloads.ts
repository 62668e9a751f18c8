/** File answers (PDF, CSV, XLSX) that every domain sends the same way: named, and never cached by a shared cache. */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';

/** The response schema of a route that answers a file of this content type. */
export const fileResponse = (description: string) => ({ 200: Type.String({ format: 'binary', description }) });

/** A safe ASCII file name from any title: letters, digits and dashes. */
export function fileStem(text: string, fallback = 'event'): string {
  const stem = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return stem === '' ? fallback : stem;
}

export function download(reply: FastifyReply, type: string, filename: string, disposition = 'attachment'): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `${disposition}; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
}
