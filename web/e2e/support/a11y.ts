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

/** axe's serious and critical violations once no transition runs: a menu or dialog fading is half transparent, its contrast judged after. */
async function settledViolations(page: Page) {
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), undefined, {
      timeout: 2000,
    })
    .catch(() => undefined);
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
}

/** Serious and critical violations on the page now, one line each with the elements they hit. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (page.isClosed() || page.url() === 'about:blank') return [];
  await page.waitForLoadState('domcontentloaded');
  let violations = await settledViolations(page);
  // Something may start moving during the analysis (a live toast sliding in, half transparent):
  // a violation that is real is there again once that has settled too.
  if (violations.length > 0) violations = await settledViolations(page);
  return violations.map((violation) => {
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
