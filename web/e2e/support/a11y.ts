/**
 * WCAG 2.1 A/AA checks with axe-core on a page as the test sees it. A serious or critical
 * violation fails the test; minor and moderate ones are left to review (docs/accessibility.md).
 * `openPage` (browser.ts) checks every page a test leaves with `page.goto` and the page it ends
 * on; a test calls `expectAccessible` itself after a client-side navigation or a dialog opening.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** Serious and critical violations on the page now, one line each with the elements they hit. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (page.isClosed() || page.url() === 'about:blank') return [];
  await page.waitForLoadState('domcontentloaded');
  // A menu or dialog fading out is half transparent: contrast is judged once transitions settle.
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), undefined, {
      timeout: 2000,
    })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
    .map((violation) => {
      const targets = violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join(', ');
      return `${violation.id} (${violation.impact}) on ${new URL(page.url()).pathname}: ${violation.help} [${targets}]`;
    });
}

export async function expectAccessible(page: Page): Promise<void> {
  const violations = await accessibilityViolations(page);
  if (violations.length > 0) throw new Error(`Accessibility violations:\n${violations.join('\n')}`);
}
