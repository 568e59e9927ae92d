import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetentionPolicy } from '@wardwatch/shared';
import {
  CHROMIUM_LAUNCH,
  E2E_ARTIFACTS,
  ensureConsoleBuilt,
  shoot,
  signIn,
  VIEWPORTS,
} from '../helpers/browser.js';
import { login, startServer, type Api, type RunningServer } from '../helpers/server.js';

const ROUTE = '/api/v1/settings/retention';
const FIELDS = ['rawDays', 'rollup5mDays', 'historyDays'] as const;

const input = (page: Page, field: string) => page.locator(`input[name="${field}"]`);
const feedback = (page: Page) => page.locator('[data-testid="settings-feedback"]');
/** The page's own check, shown under the field it is about. */
const problem = (page: Page, field: string) =>
  page.locator(`[data-field="${field}"] [data-testid="retention-problem"]`);

async function readForm(page: Page): Promise<RetentionPolicy> {
  const [rawDays, rollup5mDays, historyDays] = await Promise.all(
    FIELDS.map(async (f) => Number(await input(page, f).inputValue())),
  );
  return { rawDays, rollup5mDays, historyDays } as RetentionPolicy;
}

async function fillForm(page: Page, p: RetentionPolicy): Promise<void> {
  for (const f of FIELDS) await input(page, f).fill(String(p[f]));
}

describe('console settings: data retention', () => {
  let server: RunningServer;
  let admin: Api;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Every PUT the page sent to the retention route. */
  const puts: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(E2E_ARTIFACTS, { recursive: true });
    server = await startServer();
    admin = await login(server);
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'vi-VN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (req) => {
      if (req.method() === 'PUT' && req.url().endsWith(ROUTE)) puts.push(req.postData() ?? '');
    });
    await signIn(page, server.url, 'admin', server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the stored policy with plain explanations and rough spans', async () => {
    await page.goto(`${server.url}/settings/retention`);
    await page.locator('[data-testid="settings-retention"][aria-current="page"]').waitFor();
    await input(page, 'historyDays').waitFor();
    const stored = await admin.get<RetentionPolicy>(ROUTE);
    expect(stored).toEqual({ rawDays: 30, rollup5mDays: 92, historyDays: 1096 });
    expect(await readForm(page)).toEqual(stored);
    const text = await page.locator('[data-testid="retention-form"]').innerText();
    expect(text).toContain('Số đo chi tiết');
    expect(text).toContain('Tóm tắt 5 phút');
    expect(text).toContain('Tóm tắt theo ngày và sự cố');
    expect(text).toContain('dùng cho biểu đồ và xuất dữ liệu');
    expect(await page.locator('[data-testid="approx-rollup5mDays"]').innerText()).toBe('≈ 3 tháng');
    expect(await page.locator('[data-testid="approx-historyDays"]').innerText()).toBe('≈ 3 năm');
    await shoot(page, 'settings-retention-vi');
  });

  it('saves new values that survive a reload', async () => {
    const next = { rawDays: 14, rollup5mDays: 60, historyDays: 730 };
    await fillForm(page, next);
    expect(await page.locator('[data-testid="approx-historyDays"]').innerText()).toBe('≈ 2 năm');
    await page.click('[data-testid="retention-form"] button[type="submit"]');
    await feedback(page).filter({ hasText: 'Đã lưu' }).waitFor();
    expect(await feedback(page).getAttribute('class')).toBe('success');
    expect(await admin.get<RetentionPolicy>(ROUTE)).toEqual(next);
    expect(puts).toHaveLength(1);
    await page.reload();
    await input(page, 'historyDays').waitFor();
    expect(await readForm(page)).toEqual(next);
    await shoot(page, 'settings-retention-vi-saved');
  });

  it('refuses a bad ordering in the page, names the fields and stores nothing', async () => {
    const before = await admin.get<RetentionPolicy>(ROUTE);
    const sent = puts.length;
    await input(page, 'rollup5mDays').fill('7');
    await page.click('[data-testid="retention-form"] button[type="submit"]');
    await problem(page, 'rollup5mDays').waitFor();
    expect((await problem(page, 'rollup5mDays').innerText()).trim()).toBe(
      `“Tóm tắt 5 phút” phải được giữ ít nhất lâu bằng “Số đo chi tiết” (${before.rawDays} ngày).`,
    );
    expect(await input(page, 'rollup5mDays').getAttribute('aria-invalid')).toBe('true');
    expect(
      await input(page, 'rollup5mDays').evaluate((el) => el === el.getRootNode().activeElement),
    ).toBe(true);
    await input(page, 'rollup5mDays').fill('');
    await page.click('[data-testid="retention-form"] button[type="submit"]');
    await problem(page, 'rollup5mDays').filter({ hasText: 'từ 1 đến 3.650' }).waitFor();
    await shoot(page, 'settings-retention-vi-error');
    expect(await feedback(page).count()).toBe(0);
    expect(puts.length).toBe(sent);
    expect(await admin.get<RetentionPolicy>(ROUTE)).toEqual(before);
  });

  it("shows the server's message when the server refuses", async () => {
    const before = await admin.get<RetentionPolicy>(ROUTE);
    await fillForm(page, before);
    // The page's own check passes; the request is then bent (real server, real 400) to prove
    // the server's reason reaches the admin rather than a bare failure.
    const bad = { rawDays: 50, rollup5mDays: 40, historyDays: 730 };
    await page.route(`**${ROUTE}`, (route) =>
      route.request().method() === 'PUT'
        ? route.continue({ postData: JSON.stringify(bad) })
        : route.continue(),
    );
    await page.click('[data-testid="retention-form"] button[type="submit"]');
    await feedback(page).filter({ hasText: 'rollup5mDays (40)' }).waitFor();
    expect((await feedback(page).innerText()).trim()).toBe(
      'Không thực hiện được: rollup5mDays (40) must be at least rawDays (50)',
    );
    await page.unroute(`**${ROUTE}`);
    expect(await admin.get<RetentionPolicy>(ROUTE)).toEqual(before);
  });

  it('reads in English', async () => {
    await page.click('[data-testid="lang-en"]');
    await page.reload();
    await input(page, 'historyDays').waitFor();
    const text = await page.locator('[data-testid="retention-form"]').innerText();
    expect(text).toContain('Raw measurements');
    expect(text).toContain('5-minute summaries');
    expect(text).toContain('Daily summaries and incidents');
    expect(await page.locator('[data-testid="approx-historyDays"]').innerText()).toBe('≈ 2 years');
    await shoot(page, 'settings-retention-en');
    await input(page, 'historyDays').fill('30');
    await page.click('[data-testid="retention-form"] button[type="submit"]');
    await problem(page, 'historyDays').waitFor();
    expect((await problem(page, 'historyDays').innerText()).trim()).toBe(
      '“Daily summaries and incidents” must be kept at least as long as “5-minute summaries” (60 days).',
    );
    await shoot(page, 'settings-retention-en-error');
    expect(pageErrors).toEqual([]);
  });
});
