import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LaunchOptions } from 'playwright-core';

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
