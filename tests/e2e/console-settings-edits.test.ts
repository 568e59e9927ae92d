import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '@wardwatch/shared';
import {
  CHROMIUM_LAUNCH,
  E2E_ARTIFACTS,
  ensureConsoleBuilt,
  shoot as shootPage,
  signIn,
  VIEWPORTS,
} from '../helpers/browser.js';
import { login, startServer, type Api, type RunningServer } from '../helpers/server.js';

const WARD = { id: 'nghia-chanh', name: 'Phường Nghĩa Chánh' };

const row = (page: Page, id: string) => page.locator(`tr[data-target="${id}"]`);
const editForm = (page: Page) => page.locator('[data-testid="target-edit-form"]');
const confirmBox = (page: Page) => page.locator('[data-testid="target-delete-confirm"]');
const feedback = (page: Page) => page.locator('[data-testid="settings-feedback"]');
const shoot = (page: Page, name: string) => shootPage(page, `settings-${name}`);

describe('console settings: edit and delete targets, rename wards', () => {
  let server: RunningServer;
  let admin: Api;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const targets = async () => (await admin.get<{ items: Target[] }>('/api/v1/targets')).items;

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(E2E_ARTIFACTS, { recursive: true });
    server = await startServer();
    admin = await login(server);
    await admin.post('/api/v1/wards', WARD);
    await admin.post('/api/v1/targets', {
      id: 'cong-dvc',
      name: 'Cổng dịch vụ công quốc gia',
      probe: 'tcp',
      host: '10.9.9.9',
      port: 443,
    });
    await admin.post('/api/v1/targets', {
      id: 'gw-nghia-chanh',
      name: 'Cổng mạng xã',
      probe: 'icmp',
      host: '192.168.1.1',
      wardId: WARD.id,
    });
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'vi-VN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await signIn(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/settings/targets`);
    await row(page, 'cong-dvc').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('edits a target in place: the form starts from its values, the server stores the change', async () => {
    await row(page, 'cong-dvc')
      .getByRole('button', { name: 'Sửa đích đo Cổng dịch vụ công quốc gia' })
      .click();
    const form = editForm(page);
    expect(await form.locator('input[name="host"]').inputValue()).toBe('10.9.9.9');
    expect(await form.locator('input[name="port"]').inputValue()).toBe('443');
    expect(await form.locator('input[name="interval"]').inputValue()).toBe('10');
    await shoot(page, 'targets-edit-vi');
    await form.locator('input[name="host"]').fill('127.0.0.1');
    await form.locator('input[name="interval"]').fill('60');
    await form.locator('select[name="wardId"]').selectOption(WARD.id);
    await form.locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'Đã lưu đích đo Cổng dịch vụ công quốc gia' }).waitFor();
    expect(await editForm(page).count()).toBe(0);
    expect((await targets()).find((t) => t.id === 'cong-dvc')).toEqual({
      id: 'cong-dvc',
      name: 'Cổng dịch vụ công quốc gia',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 443,
      intervalMs: 60_000,
      wardId: WARD.id,
    });
    await row(page, 'cong-dvc').filter({ hasText: '127.0.0.1:443' }).waitFor();
    expect(await row(page, 'cong-dvc').innerText()).toContain(WARD.name);
  });

  it("shows the server's reason when an edit is refused, and stores nothing", async () => {
    await row(page, 'cong-dvc').getByRole('button', { name: /^Sửa/ }).click();
    await editForm(page).locator('input[name="host"]').fill('');
    await editForm(page).locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'a tcp target needs host' }).waitFor();
    expect((await targets()).find((t) => t.id === 'cong-dvc')?.host).toBe('127.0.0.1');
    await editForm(page).getByRole('button', { name: 'Hủy' }).click();
    expect(await editForm(page).count()).toBe(0);
  });

  it('deletes only after a confirmation; cancel keeps the target', async () => {
    const del = () =>
      row(page, 'gw-nghia-chanh').getByRole('button', { name: 'Xóa đích đo Cổng mạng xã' }).click();
    await del();
    expect(await confirmBox(page).innerText()).toContain('Xóa đích đo Cổng mạng xã?');
    expect(await feedback(page).count(), "the refused edit's message is gone").toBe(0);
    await shoot(page, 'targets-delete-confirm-vi');
    await confirmBox(page).getByRole('button', { name: 'Hủy' }).click();
    expect(await confirmBox(page).count()).toBe(0);
    expect((await targets()).map((t) => t.id)).toContain('gw-nghia-chanh');

    await del();
    await confirmBox(page).getByRole('button', { name: 'Xóa', exact: true }).click();
    await feedback(page).filter({ hasText: 'Đã xóa đích đo Cổng mạng xã' }).waitFor();
    await row(page, 'gw-nghia-chanh').waitFor({ state: 'detached' });
    expect((await targets()).map((t) => t.id)).toEqual(['cong-dvc']);
  });

  it('renames a ward; the new name shows in the list and in the API', async () => {
    await page.goto(`${server.url}/settings/wards`);
    const wardRow = page.locator(`tr[data-ward="${WARD.id}"]`);
    await wardRow.getByRole('button', { name: `Sửa xã, phường ${WARD.name}` }).click();
    const form = page.locator('[data-testid="ward-edit-form"]');
    expect(await form.locator('input[name="name"]').inputValue()).toBe(WARD.name);
    await form.locator('input[name="name"]').fill('Phường Nghĩa Chánh (mới)');
    await form.locator('input[name="district"]').fill('Thành phố Quảng Ngãi');
    await shoot(page, 'wards-edit-vi');
    await form.locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'Đã lưu Phường Nghĩa Chánh (mới)' }).waitFor();
    await wardRow.filter({ hasText: 'Phường Nghĩa Chánh (mới)' }).waitFor();
    expect(await admin.get(`/api/v1/wards/${WARD.id}`)).toEqual({
      id: WARD.id,
      name: 'Phường Nghĩa Chánh (mới)',
      district: 'Thành phố Quảng Ngãi',
    });
    await page.goto(`${server.url}/settings/targets`);
    await row(page, 'cong-dvc').filter({ hasText: 'Phường Nghĩa Chánh (mới)' }).waitFor();
  });

  it('reads in English', async () => {
    await page.click('[data-testid="lang-en"]');
    await row(page, 'cong-dvc')
      .getByRole('button', { name: 'Delete target Cổng dịch vụ công quốc gia' })
      .click();
    expect(await confirmBox(page).innerText()).toContain('Stations will stop probing it');
    await shoot(page, 'targets-delete-confirm-en');
    await confirmBox(page).getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
