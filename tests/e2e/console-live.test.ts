import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../helpers/agent.js';
import { CHROMIUM_LAUNCH, ensureConsoleBuilt } from '../helpers/browser.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
const WARD = { id: 'tran-phu', name: 'Phường Trần Phú' };
const ONLINE_TIMEOUT_MS = 45_000;
const OFFLINE_TIMEOUT_MS = 45_000;
// The console's backoff is capped at 30 s; a short outage reconnects well within this.
const RECONNECT_TIMEOUT_MS = 60_000;

type Agent = Awaited<ReturnType<typeof startAgent>>;

/** The console bundle the server serves; built here only when nobody built it yet. */
describe('console shows a station go offline live', () => {
  let server: RunningServer | null = null;
  let agent: Agent | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let stationId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer();
    const admin = await login(server);
    const wards = await admin.get<{ items: { id: string }[] }>('/api/v1/wards');
    if (!wards.items.some((w) => w.id === WARD.id)) await admin.post('/api/v1/wards', WARD);
    // A loopback TCP target (the server's own port) gives the row a real latency.
    await admin.post('/api/v1/targets', {
      name: 'Máy chủ WardWatch',
      probe: 'tcp',
      host: '127.0.0.1',
      port: server.port,
      intervalMs: 2000,
      wardId: WARD.id,
    });
    const station = await enrollStation(server, { wardId: WARD.id, hostname: 'pc-tran-phu-01' });
    stationId = station.stationId;
    agent = await startAgent({
      serverUrl: server.url,
      stationId: station.stationId,
      credential: station.credential,
      wardId: station.wardId,
    });
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await server?.stop();
  });

  it('logs in as admin and shows the station online, in Vietnamese', async () => {
    if (!server) throw new Error('server did not start');
    await page.goto(server.url);
    await page.locator('input[name="username"]').waitFor();
    expect(await page.locator('[data-testid="login-form"] h2').textContent()).toBe('Đăng nhập');
    await page.screenshot({ path: join(ARTIFACTS, 'login.png') });

    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', server.adminPassword);
    await page.click('button[type="submit"]');

    const row = page.locator(`[data-station-id="${stationId}"][data-online="true"]`);
    await row.waitFor({ timeout: ONLINE_TIMEOUT_MS });
    expect((await row.locator('[data-testid="station-status"]').textContent())?.trim()).toBe(
      'Trực tuyến',
    );
    expect(await page.locator(`[data-ward-id="${WARD.id}"] h3`).textContent()).toBe(WARD.name);
    // The first probe round arrives live and shows its latency in milliseconds.
    await row
      .locator('[data-testid="station-rtt"]', { hasText: /\d ms/ })
      .waitFor({ timeout: ONLINE_TIMEOUT_MS });
    await page
      .locator('[data-testid="city-summary"]', { hasText: '1/1 trạm trực tuyến' })
      .waitFor();
    // Marks this document: if it is still there later, the page was never reloaded.
    // (String expressions: they run in the page, and tests/ compiles without DOM types.)
    await page.evaluate(`document.documentElement.dataset.e2eMark = 'same-page'`);
    await page.screenshot({ path: join(ARTIFACTS, 'board-online.png'), fullPage: true });
  });

  it('turns the same row offline when the agent stops, without a reload', async () => {
    if (!agent) throw new Error('agent did not start');
    await agent.stop();
    agent = null;

    const row = page.locator(`[data-station-id="${stationId}"][data-online="false"]`);
    await row.waitFor({ timeout: OFFLINE_TIMEOUT_MS });
    expect((await row.locator('[data-testid="station-status"]').textContent())?.trim()).toBe(
      'Mất kết nối',
    );
    await page
      .locator('[data-testid="city-summary"]', { hasText: '0/1 trạm trực tuyến' })
      .waitFor();
    expect(await page.evaluate('document.documentElement.dataset.e2eMark')).toBe('same-page');
    // The live socket itself stayed up: no "connection lost" banner.
    expect(await page.locator('[data-testid="live-lost"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'board-offline.png'), fullPage: true });
  });

  it('shows a banner while the server is down, and reconnects on its own', async () => {
    if (!server) throw new Error('server did not start');
    await server.stop();
    const banner = page.locator('[data-testid="live-lost"]');
    await banner.waitFor({ timeout: OFFLINE_TIMEOUT_MS });
    expect(await banner.textContent()).toContain('Mất kết nối trực tiếp tới máy chủ');
    await page.screenshot({ path: join(ARTIFACTS, 'board-live-lost.png'), fullPage: true });

    await server.restart();
    await banner.waitFor({ state: 'detached', timeout: RECONNECT_TIMEOUT_MS });
    // A fresh snapshot from the restarted server: the station is still known and offline.
    await page.locator(`[data-station-id="${stationId}"][data-online="false"]`).waitFor();
    expect(await page.evaluate('document.documentElement.dataset.e2eMark')).toBe('same-page');
    expect(pageErrors).toEqual([]);
  });
});
