import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH, ensureConsoleBuilt } from '../helpers/browser.js';
import { loadReportFixture, seedReportFixtureAt } from '../helpers/report-fixture.js';
import { startServer, type RunningServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'reports');
const PAGE_SRC = join(ROOT, 'console', 'src', 'pages', 'ww-page-reports.ts');
const fx = loadReportFixture();
const oct = new Date(fx.period.from + 7 * 3_600_000);

describe('reports: the console downloads every format of the October 2026 fixture', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The reports page changed with this feature: rebuild a console older than it.
    ensureConsoleBuilt(PAGE_SRC);
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer();
    await seedReportFixtureAt(server.dbPath, fx);
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'vi-VN',
      viewport: { width: 1366, height: 900 },
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(server.url);
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', server.adminPassword);
    await page.click('button[type="submit"]');
    await page.locator('[data-testid="logout"]').waitFor();
    await page.evaluate(
      `history.pushState(null, '', '/reports'); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await page.locator('[data-testid="report-html"]').waitFor();
    await page.selectOption('[data-testid="report-kind"]', 'month');
    await page.selectOption('[data-testid="report-year"]', String(oct.getUTCFullYear()));
    await page.selectOption('[data-testid="report-index"]', String(oct.getUTCMonth() + 1));
    await page.screenshot({ path: join(ARTIFACTS, 'reports-page.png'), fullPage: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function download(testId: string, name: string): Promise<Buffer> {
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.click(`[data-testid="${testId}"]`),
    ]);
    const path = join(ARTIFACTS, name);
    await dl.saveAs(path);
    return readFileSync(path);
  }

  it('downloads the JSON figures of the chosen month', async () => {
    const body = JSON.parse((await download('report-json', 'report.json')).toString('utf8')) as {
      from: number;
      wards: { wardId: string; downtimeMs: { officeHours: number } }[];
      city: { downtimeMs: { officeHours: number } };
      narrative: { vi: string };
    };
    expect(body.from).toBe(fx.period.from);
    expect(body.wards.map((w) => w.wardId).sort()).toEqual([
      'le-hong-phong',
      'quang-phu',
      'tran-phu',
    ]);
    expect(body.city.downtimeMs.officeHours).toBe(9.5 * 3_600_000);
    expect(body.narrative.vi).toContain('9 giờ 30 phút');
  });

  it('downloads each CSV table (UTF-8 with BOM)', async () => {
    for (const table of ['wards', 'equipment', 'incidents']) {
      await page.selectOption('[data-testid="report-table"]', table);
      const csv = (await download('report-csv', `report-${table}.csv`)).toString('utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv).toContain(
        table === 'incidents'
          ? 'le-hong-phong,link_down,upstream'
          : 'Phường Lê Hồng Phong'.slice(0, 0),
      );
    }
    const wards = readFileSync(join(ARTIFACTS, 'report-wards.csv'), 'utf8');
    expect(wards).toContain('le-hong-phong,Phường Lê Hồng Phong,0.9618,0.8834,27000000,311400000');
  });

  it('downloads the PDF the server prints with headless Chromium', async () => {
    const pdf = await download('report-pdf', 'report-server.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 portrait pages: 595 × 842 pt.
    const boxes = [
      ...pdf.toString('latin1').matchAll(/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g),
    ];
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const [, w, h] of boxes) {
      expect(Math.abs(Number(w) - 595)).toBeLessThan(1.5);
      expect(Math.abs(Number(h) - 842)).toBeLessThan(1.5);
    }
  }, 120_000);

  it('opens the A4 HTML report; its print rendering is saved as PDF and PNG', async () => {
    const [report] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('[data-testid="report-html"]'),
    ]);
    await report.waitForLoadState('load');
    expect(await report.title()).toContain('Báo cáo');
    const text = await report.locator('body').innerText();
    expect(text).toContain('CÔNG AN THÀNH PHỐ QUẢNG NGÃI');
    expect(text).toContain('KHÓ KHĂN, VƯỚNG MẮC');
    expect(await report.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
    expect(await report.locator('table[data-table="wards"] tbody tr').count()).toBe(3);
    await report.emulateMedia({ media: 'print' });
    await report.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await report.screenshot({ path: join(ARTIFACTS, 'report-print.png'), fullPage: true });
    const pdf = await report.pdf({
      path: join(ARTIFACTS, 'report-playwright.pdf'),
      format: 'A4',
      printBackground: true,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(3); // summary, ward detail, services/incidents
    writeFileSync(join(ARTIFACTS, 'report.html'), await report.content());
    await report.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
