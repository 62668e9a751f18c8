/**
 * Debian's Chromium driven by playwright-core. Without it the browser tests are skipped locally
 * (with a message), but in CI (CI=true) a missing browser fails the run: they must never be skipped there.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { accessibilityViolations } from './a11y';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const browserAvailable = existsSync(CHROMIUM_PATH);

if (!browserAvailable) {
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: install the chromium package, browser tests must run in CI`);
  }
  console.warn(`Skipping the browser tests: ${CHROMIUM_PATH} not found (apt-get install chromium to run them).`);
}

export function launchBrowser(): Promise<Browser> {
  // Playwright adds --headless and a fresh temporary profile itself.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
export const PHONE_VIEWPORT = { width: 390, height: 844 };

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors, in order; a healthy page leaves it empty. */
  errors: string[];
  /** Checks the page it is on with axe, then closes; rejects with every accessibility violation found meanwhile. */
  close: () => Promise<void>;
}

/** What a failing test prints of each page it opened: where it was, what it showed, what went wrong. */
const SHOWN_TEXT_LIMIT = 2_000;

async function describePage(page: Page): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch((error: unknown) => `(its text could not be read: ${String(error)})`);
  const shown = text.length > SHOWN_TEXT_LIMIT ? `${text.slice(0, SHOWN_TEXT_LIMIT)}…` : text;
  return `at ${page.url()}, showing:\n${shown}`;
}

/**
 * A page in a fresh context (own cookies and storage) that records everything that goes wrong in
 * it, and checks with axe each page it leaves through `page.goto` and the one it ends on. When the
 * test that opened it fails, the test's output tells where the page was, what it showed (when it
 * was closed, or at the failure if still open) and every error it logged: a timeout alone says
 * only what did not appear.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  const violations: string[] = [];
  let lastSeen: string | undefined;
  try {
    onTestFailed(async () => {
      const seen = lastSeen ?? (await describePage(page));
      const logged = errors.length === 0 ? 'no errors logged' : `errors logged:\n${errors.join('\n')}`;
      console.error(`A page of the failed test was ${seen}\n${logged}`);
    });
  } catch {
    // Opened outside a test (in a beforeAll): nothing to report to.
  }
  const goto = page.goto.bind(page);
  page.goto = async (...args: Parameters<Page['goto']>) => {
    violations.push(...(await accessibilityViolations(page)));
    return goto(...args);
  };
  return {
    page,
    errors,
    close: async () => {
      try {
        lastSeen = await describePage(page);
        violations.push(...(await accessibilityViolations(page)));
      } finally {
        await context.close();
      }
      if (violations.length > 0) throw new Error(`Accessibility violations:\n${[...new Set(violations)].join('\n')}`);
    },
  };
}
