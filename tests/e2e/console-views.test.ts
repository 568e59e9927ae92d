import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, StationView } from '@wardwatch/shared';
import { hashPassword } from '../../server/src/security.js';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import {
  CHROMIUM_LAUNCH,
  E2E_ARTIFACTS,
  ensureConsoleBuilt,
  shoot,
  signIn,
  VIEWPORTS,
} from '../helpers/browser.js';
import { signalAndWait } from '../helpers/process.js';
import { login, startServer, type Api, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(ROOT, 'agent', 'bin', 'wardwatch-sim.js');
const DESKTOP = VIEWPORTS.desktop;
// The simulator's first three wards (agent/src/sim/bootstrap.ts takes the city's list in order).
const HEALTHY = { id: 'le-hong-phong', name: 'Phường Lê Hồng Phong' };
const GOES_DOWN = { id: 'tran-phu', name: 'Phường Trần Phú' };
const LINE_DOWN = { id: 'quang-phu', name: 'Phường Quảng Phú' };
const OFFICER = { username: 'canbo-lhp', password: 'officer-pw-1', wardId: HEALTHY.id };
const VIEWER = { username: 'lanhdao', password: 'viewer-pw-1' };
const LIVE_TIMEOUT_MS = 60_000;
/** The city: all 23 wards, so the overview's first paint is measured at full size. */
const WARD_COUNT = 23;

const POLL = { timeoutMs: LIVE_TIMEOUT_MS, everyMs: 500 };

/** A path and query, navigated in-page (History API) so the live socket stays open. */
async function goInPage(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
}

describe('console views: overview, ward, incidents, equipment, settings, roles', () => {
  let server: RunningServer;
  let admin: Api;
  let sim: ChildProcess | null = null;
  let simOut = '';
  let browser: Browser;
  let adminContext: BrowserContext;
  let page: Page;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const pageErrors: string[] = [];
  const stationOf: Record<string, string> = {};

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(E2E_ARTIFACTS, { recursive: true });
    dir = await tempDir('wardwatch-e2e-');
    server = await startServer();
    admin = await login(server);
    for (const [id, name] of [
      ['csdlqg', 'CSDLQG về dân cư'],
      ['vneid', 'VNeID'],
    ]) {
      await admin.post('/api/v1/targets', {
        id,
        name,
        probe: 'tcp',
        host: '127.0.0.1',
        port: 9,
        intervalMs: 1000,
      });
    }
    // The officer's ward must exist before the officer (the simulator reuses it).
    await admin.post('/api/v1/wards', HEALTHY);
    // Roles other than admin are created the way the server's own tests do: in the store.
    const store = openSqliteStore(server.dbPath);
    try {
      await store.createUser({
        username: OFFICER.username,
        passwordHash: await hashPassword(OFFICER.password),
        role: 'officer',
        wardId: OFFICER.wardId,
        createdAt: Date.now(),
      });
      await store.createUser({
        username: VIEWER.username,
        passwordHash: await hashPassword(VIEWER.password),
        role: 'viewer',
        wardId: null,
        createdAt: Date.now(),
      });
    } finally {
      await store.close();
    }
    const scenario = join(dir.path, 'scenario.json');
    await writeFile(
      scenario,
      JSON.stringify({
        name: 'e2e',
        faults: [
          { kind: 'line_down', wardIds: [LINE_DOWN.id], startMin: 0, durationMin: 60 },
          { kind: 'power_off', wardIds: [GOES_DOWN.id], startMin: 0.75, durationMin: 60 },
        ],
      }),
    );
    const proc = spawn(
      process.execPath,
      [
        SIM,
        '--server',
        server.url,
        '--wards',
        String(WARD_COUNT),
        '--seed',
        '11',
        '--scenario',
        scenario,
        '--password',
        server.adminPassword,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout?.on('data', (d: Buffer) => (simOut += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (simOut += d.toString()));
    sim = proc;
    process.once('exit', () => proc.kill('SIGKILL'));
    const online = await until(
      '23 simulated stations online',
      async () => {
        const { items } = await admin.get<{ items: StationView[] }>('/api/v1/stations');
        return items.filter((s) => s.online).length === WARD_COUNT ? items : undefined;
      },
      POLL,
    );
    for (const s of online) stationOf[s.wardId] = s.id;

    browser = await chromium.launch(CHROMIUM_LAUNCH);
    adminContext = await browser.newContext({
      viewport: DESKTOP,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    page = await adminContext.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await signalAndWait(sim, 'SIGTERM');
    await server?.stop();
    await dir?.remove();
  });

  it('admin logs in and sees every ward as a live tile, in Vietnamese', async () => {
    await signIn(page, server.url, 'admin', server.adminPassword);
    const tiles = page.locator('li[data-ward-id]');
    await until(
      'all ward tiles',
      async () => ((await tiles.count()) === WARD_COUNT ? true : undefined),
      POLL,
    );
    await page
      .locator(`[data-ward-id="${HEALTHY.id}"] [data-station-id][data-online="true"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.locator('[data-testid="nav-overview"]').textContent()).toBe('Tổng quan');
    expect(await page.locator('[data-testid="nav-incidents"]').textContent()).toBe('Sự cố');
    expect(await page.locator(`[data-ward-id="${HEALTHY.id}"] h3`).textContent()).toBe(
      HEALTHY.name,
    );
    // The simulated wards have a fingerprint and a card reader but no scanner (DESIGN §9).
    await page
      .locator(`[data-ward-id="${HEALTHY.id}"] [data-category="scanner"][data-state="gap"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page
      .locator(`[data-ward-id="${HEALTHY.id}"] [data-category="fingerprint"][data-state="present"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    // First meaningful paint with the whole city (DESIGN §6: ≤ 1 s on localhost), signed in.
    await page.reload();
    await until(
      'all ward tiles after a reload',
      async () => ((await tiles.count()) === WARD_COUNT ? true : undefined),
      POLL,
    );
    const paint = (await page.evaluate(`({
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      wardTilesMs: performance.getEntriesByName('ww-overview-ready')[0]?.startTime,
    })`)) as { firstContentfulPaintMs?: number; wardTilesMs?: number };
    await writeFile(
      join(E2E_ARTIFACTS, 'first-paint.json'),
      JSON.stringify({ wards: WARD_COUNT, ...paint }, null, 2),
    );
    expect(paint.wardTilesMs).toBeGreaterThan(0);
    expect(paint.wardTilesMs).toBeLessThan(1000);
    await page.evaluate(`document.documentElement.dataset.e2eMark = 'same-page'`);
    await shoot(page, 'overview');
  });

  it('turns a ward red live when its simulated PC switches off, without a reload', async () => {
    await page
      .locator(`[data-ward-id="${GOES_DOWN.id}"] [data-station-id][data-online="false"]`)
      .waitFor({ timeout: LIVE_TIMEOUT_MS * 2 });
    const tile = page.locator(`li[data-ward-id="${GOES_DOWN.id}"]`);
    expect(await tile.getAttribute('data-level')).toBe('critical');
    expect((await tile.locator('[data-testid="ward-level"]').textContent())?.trim()).toBe(
      'Sự cố nghiêm trọng',
    );
    expect((await tile.locator('[data-testid="station-status"]').textContent())?.trim()).toBe(
      'Mất kết nối',
    );
    await page
      .locator('[data-testid="wards-online"]', { hasText: `${WARD_COUNT - 1}/${WARD_COUNT}` })
      .waitFor();
    expect(await page.evaluate('document.documentElement.dataset.e2eMark')).toBe('same-page');
    // Filter and search work on the live tiles.
    await page.selectOption('[data-testid="level-filter"]', 'problem');
    await page.locator(`li[data-ward-id="${GOES_DOWN.id}"]`).waitFor();
    const levels = await page
      .locator('li[data-ward-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
    expect(levels).not.toContain('ok');
    await page.selectOption('[data-testid="level-filter"]', 'all');
    await page.fill('[data-testid="ward-search"]', 'tran phu');
    expect(await page.locator('li[data-ward-id]').count()).toBe(1);
    await page.fill('[data-testid="ward-search"]', '');
    await shoot(page, 'overview-ward-down');
  });

  it('ward detail draws SmokePing charts from the series API, with range and zoom', async () => {
    await page.click(`[data-ward-id="${HEALTHY.id}"] h3 a`);
    await page.locator('[data-testid="ward-title"]', { hasText: HEALTHY.name }).waitFor();
    const chart = page.locator(
      'ww-smokeping-chart[data-target-id="csdlqg"] [data-testid="smokeping"]',
    );
    const drawn = page.locator(
      'ww-smokeping-chart[data-target-id="csdlqg"] [data-testid="smokeping"][data-state="drawn"]',
    );
    await drawn.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(Number(await chart.getAttribute('data-rounds'))).toBeGreaterThan(0);
    // Something was actually painted: the canvas has non-transparent pixels.
    const painted = await chart.locator('canvas').evaluate((c) => {
      const canvas = c as unknown as {
        width: number;
        height: number;
        getContext(k: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    expect(
      await page
        .locator('[data-testid="ward-devices"] [data-category="card_reader"]')
        .getAttribute('data-state'),
    ).toBe('present');
    // Dragging across a chart zooms every chart of the ward to that stretch.
    const box = await chart.boundingBox();
    if (!box) throw new Error('chart has no box');
    // From the middle to the right edge: the stretch that holds the simulator's rounds.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.locator('[data-testid="zoom-reset"]').waitFor();
    expect(await page.locator('[data-testid="range-1h"]').getAttribute('aria-pressed')).toBe(
      'false',
    );
    await drawn.waitFor({ timeout: LIVE_TIMEOUT_MS });
    await shoot(page, 'ward-detail-zoomed');
    await page.click('[data-testid="range-24h"]');
    expect(await page.locator('[data-testid="range-24h"]').getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.click('[data-testid="range-1h"]');
    await page.click('[data-testid="zoom-in"]');
    await page.locator('[data-testid="zoom-reset"]').waitFor();
    await page.click('[data-testid="zoom-reset"]');
    await drawn.waitFor({ timeout: LIVE_TIMEOUT_MS });
    await shoot(page, 'ward-detail');
  });

  it('lists incidents, and an admin acknowledges one with a note', async () => {
    const incident = await until(
      'an open incident at the ward whose line is down',
      async () => {
        const { items } = await admin.get<{ items: Incident[] }>(
          `/api/v1/incidents?ward=${LINE_DOWN.id}&open=true`,
        );
        return items[0];
      },
      POLL,
    );
    await goInPage(page, '/incidents');
    const row = page.locator(`tr[data-incident-id="${incident.id}"]`);
    await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.selectOption('[data-testid="filter-status"]', 'open');
    await row.waitFor();
    expect(page.url()).toContain('status=open');
    await shoot(page, 'incidents');

    await row.locator('a').click();
    await page.locator('[data-testid="incident-title"]').waitFor();
    expect(await page.locator('[data-testid="incident-title"]').textContent()).toContain(
      LINE_DOWN.name,
    );
    await page.click('[data-testid="acknowledge"]');
    await page.locator('[data-testid="incident-ack"]', { hasText: 'Đã xác nhận' }).waitFor();
    await page.fill(
      '[data-testid="note-text"]',
      'Đã gọi điện cho cán bộ phường, đang kiểm tra modem',
    );
    await page.click('[data-testid="save-note"]');
    await page
      .locator('[data-testid="incident-timeline"] li[data-type="note"]', {
        hasText: 'kiểm tra modem',
      })
      .waitFor();
    const detail = await admin.get<{ incident: Incident }>(`/api/v1/incidents/${incident.id}`);
    expect(detail.incident.acknowledged).toBe(true);
    expect(detail.incident.acknowledgedBy).toBe('admin');
    await shoot(page, 'incident-detail');
  });

  it('shows the equipment matrix with the missing scanners', async () => {
    await goInPage(page, '/equipment');
    const cell = page.locator(`tr[data-ward-id="${HEALTHY.id}"] td[data-category="scanner"]`);
    await cell.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await cell.getAttribute('data-state')).toBe('gap');
    expect(
      await page
        .locator(`tr[data-ward-id="${HEALTHY.id}"] td[data-category="fingerprint"]`)
        .getAttribute('data-state'),
    ).toBe('present');
    await shoot(page, 'equipment');
  });

  it('creates an enrollment token in settings whose command enrolls a station', async () => {
    await goInPage(page, '/settings/stations');
    await page.selectOption('[data-testid="enroll-ward"]', GOES_DOWN.id);
    await page.click('[data-testid="issue-token"]');
    const token = ((await page.locator('[data-testid="token-value"]').textContent()) ?? '').trim();
    expect(token.length).toBeGreaterThan(20);
    const command = await page.locator('[data-testid="enroll-command"]').textContent();
    expect(command).toBe(`wardwatch-agent enroll --server ${server.url} --token ${token}`);
    await shoot(page, 'settings-enrollment');
    // The token is real: the enrollment route accepts it once.
    const res = await fetch(`${server.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname: 'pc-tran-phu-02' }),
    });
    expect(res.status).toBe(201);
    for (const section of [
      'wards',
      'targets',
      'maintenance',
      'office-hours',
      'notifications',
      'users',
      'audit',
    ]) {
      await goInPage(page, `/settings/${section}`);
      await page.locator(`[data-testid="settings-${section}"][aria-current="page"]`).waitFor();
      await page.waitForTimeout(500);
      await shoot(page, `settings-${section}`);
    }
  });

  it('has a reports entry point and an English switch', async () => {
    await goInPage(page, '/reports');
    await page.locator('[data-testid="report-range"]').waitFor();
    await shoot(page, 'reports');
    await page.click('[data-testid="lang-en"]');
    await goInPage(page, '/');
    await page.locator('[data-testid="nav-overview"]', { hasText: 'Overview' }).waitFor();
    await shoot(page, 'overview-en');
    await page.click('[data-testid="lang-vi"]');
    await page.selectOption('[data-testid="theme"]', 'dark');
    await shoot(page, 'overview-dark');
    await goInPage(page, `/wards/${HEALTHY.id}`);
    await page
      .locator('ww-smokeping-chart [data-testid="smokeping"][data-state="drawn"]')
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await shoot(page, 'ward-detail-dark');
    await page.selectOption('[data-testid="theme"]', 'auto');
  });

  it('a leadership (viewer) account reads everything but changes nothing', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
    const viewer = await context.newPage();
    viewer.on('pageerror', (err) => pageErrors.push(err.message));
    await signIn(viewer, server.url, VIEWER.username, VIEWER.password);
    await viewer.locator('li[data-ward-id]').first().waitFor();
    expect(await viewer.locator('[data-testid="nav-settings"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="nav-equipment"]').count()).toBe(1);
    await goInPage(viewer, '/settings');
    await viewer.locator('[data-testid="settings-forbidden"]').waitFor();
    const { items } = await admin.get<{ items: Incident[] }>(
      `/api/v1/incidents?ward=${LINE_DOWN.id}`,
    );
    await goInPage(viewer, `/incidents/${items[0]?.id}`);
    await viewer.locator('[data-testid="incident-title"]').waitFor();
    expect(await viewer.locator('[data-testid="acknowledge"]').count()).toBe(0);
    await context.close();
  });

  it('an officer sees only their own ward, in plain Vietnamese, in the UI and the API', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
    const officer = await context.newPage();
    officer.on('pageerror', (err) => pageErrors.push(err.message));
    await signIn(officer, server.url, OFFICER.username, OFFICER.password);
    await officer.locator('[data-testid="officer-title"]', { hasText: HEALTHY.name }).waitFor();
    await officer
      .locator('[data-testid="officer-line"][data-line="ok"]')
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect((await officer.locator('[data-testid="officer-line"]').textContent())?.trim()).toBe(
      'Đường truyền tốt',
    );
    await officer
      .locator('[data-testid="officer-devices"] [data-category="scanner"][data-state="gap"]')
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(
      await officer.locator('[data-testid="officer-advice"] li').first().textContent(),
    ).toContain('báo lãnh đạo');
    expect(await officer.locator('li[data-ward-id]').count()).toBe(0);
    expect(await officer.locator('[data-testid="nav-settings"]').count()).toBe(0);
    await shoot(officer, 'officer');

    // UI: another ward's page is refused.
    await goInPage(officer, `/wards/${GOES_DOWN.id}`);
    await officer.locator('[data-testid="ward-forbidden"]').waitFor();
    await shoot(officer, 'officer-forbidden');

    // API, with the officer's own session cookie: only their ward, nothing of another's.
    const api = (await officer.evaluate(`(async () => {
      const get = async (p) => { const r = await fetch(p); return { status: r.status, body: await r.json() }; };
      return {
        stations: await get('/api/v1/stations'),
        foreignSeries: await get('/api/v1/series?station=${stationOf[GOES_DOWN.id]}&metric=rtt'),
        ownSeries: await get('/api/v1/series?station=${stationOf[HEALTHY.id]}&metric=rtt'),
        foreignIncidents: await get('/api/v1/incidents?ward=${LINE_DOWN.id}'),
        allIncidents: await get('/api/v1/incidents'),
        foreignRecords: await get('/api/v1/records?station=${stationOf[GOES_DOWN.id]}&limit=5'),
      };
    })()`)) as Record<
      string,
      { status: number; body: { items?: { wardId?: string; stationId?: string }[] } }
    >;
    expect(api.stations?.status).toBe(200);
    expect(new Set(api.stations?.body.items?.map((s) => s.wardId))).toEqual(new Set([HEALTHY.id]));
    expect(api.foreignSeries?.status).toBe(404);
    expect(api.ownSeries?.status).toBe(200);
    // Naming another ward or its station is refused outright (issue 7), not answered empty.
    expect(api.foreignIncidents?.status).toBe(403);
    expect(api.foreignIncidents?.body.items).toBeUndefined();
    expect(api.allIncidents?.body.items?.every((i) => i.wardId === HEALTHY.id)).toBe(true);
    expect(api.foreignRecords?.status).toBe(403);
    expect(api.foreignRecords?.body.items).toBeUndefined();
    await context.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
    expect(simOut).toContain(`${WARD_COUNT} simulated stations`);
  });
});
