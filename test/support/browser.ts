import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Edge } from './platform-harness';
import type { TicketingPlatform } from './ticketing-harness';

/** Debian's Chromium; `.ci/run` installs the package when it is missing. Never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags that work on a machine without outside network (no background fetches, no sync). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface HeadlessChromium {
  browser: Browser;
  /** Saves a screenshot of `page` as test-results/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium. Playwright gives it a new empty profile directory of its own and
 * removes it on close; each `browser.newContext()` is an isolated visitor (two chat users, say).
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
  const results = join(__dirname, '..', '..', 'test-results');
  return {
    browser,
    async screenshot(page, name) {
      mkdirSync(results, { recursive: true });
      const path = join(results, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => browser.close(),
  };
}

/** An edge serving the browser app whose /app-config.json points at the platform's own services. */
export function addAppEdge(platform: TicketingPlatform): Promise<Edge> {
  return platform.addEdge({ PUBLIC_AUTH_URL: platform.auth.baseUrl, PUBLIC_CORE_URL: platform.cores[0].baseUrl, PUBLIC_TICKETING_URL: platform.ticketing[0].baseUrl });
}

/** Signs in (or registers) through the app's form at `origin` and waits for its socket to be open. */
export async function signInToApp(page: Page, origin: string, username: string, register = false): Promise<void> {
  await page.goto(origin);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('password123');
  await page.getByTestId(register ? 'register' : 'login').click();
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor({ timeout: 15_000 });
}
