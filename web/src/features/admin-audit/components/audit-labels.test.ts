/**
 * Every action the server writes to the audit log has a label in every language, so the audit
 * page never shows a raw "code.generate" to a Romanian reader. Reads the actions from the server's
 * source, as the notification-text guard does for notification messages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER_SRC = path.join(import.meta.dirname, '../../../../../server/src');
const LOCALES = path.join(import.meta.dirname, '../../../i18n/locales');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const written = new Set(
  sources(SERVER_SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1] ?? ''),
  ),
);

describe('audit action labels', () => {
  it('finds the actions the server writes', () => {
    expect(written.has('event.export')).toBe(true);
    expect(written.has('invoices.export')).toBe(true);
  });

  for (const language of readdirSync(LOCALES)) {
    it(`labels every one of them in ${language}`, () => {
      const labels = (
        JSON.parse(readFileSync(path.join(LOCALES, language, 'admin-audit.json'), 'utf8')) as { actions: Record<string, string> }
      ).actions;
      expect([...written].filter((action) => labels[action] === undefined)).toEqual([]);
    });
  }
});
