import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LaunchOptions, Page } from 'playwright-core';

/** Headless Chromium as the e2e tests and the console benchmark launch it. */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
} satisfies LaunchOptions;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSOLE_INDEX = join(ROOT, 'console', 'dist', 'index.html');

/**
 * Builds the console when there is no build (a test run without `pnpm build` first), or when
 * the build is older than `newerThan` (a source file the test depends on).
 */
export function ensureConsoleBuilt(newerThan?: string): void {
  const stale =
    !existsSync(CONSOLE_INDEX) ||
    (newerThan !== undefined && statSync(CONSOLE_INDEX).mtimeMs < statSync(newerThan).mtimeMs);
  if (!stale) return;
  execFileSync('pnpm', ['--filter', '@wardwatch/console', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Where e2e screenshots go (kept as CI artifacts). */
export const E2E_ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
export const VIEWPORTS = {
  desktop: { width: 1366, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Signs in through the console's login form and waits for the signed-in shell. */
export async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="username"]').waitFor();
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.locator('[data-testid="logout"]').waitFor();
}

/**
 * The whole page at laptop and phone width into `E2E_ARTIFACTS/<name>-desktop|phone.png`;
 * leaves the page at laptop width.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.waitForTimeout(200);
}
