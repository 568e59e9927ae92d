import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationView, User } from '@wardwatch/shared';
import {
  CHROMIUM_LAUNCH,
  E2E_ARTIFACTS,
  ensureConsoleBuilt,
  shoot,
  signIn,
  VIEWPORTS,
} from '../helpers/browser.js';
import {
  enrollStation,
  HttpError,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';

const OWN = { id: 'le-hong-phong', name: 'Phường Lê Hồng Phong' };
const OTHER = { id: 'tran-phu', name: 'Phường Trần Phú' };
const OFFICER = { username: 'canbo-lhp', password: 'mat-khau-can-bo-1' };
const VIEWER = { username: 'lanhdao', password: 'mat-khau-lanh-dao' };
const USERS_ROUTE = '/api/v1/users';

const feedback = (page: Page) => page.locator('[data-testid="settings-feedback"]');
const problem = (page: Page) => page.locator('[data-testid="user-problem"]');
const row = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`);
const dialog = (page: Page) => page.locator('[data-testid="user-dialog"]');
const createForm = (page: Page) => page.locator('[data-testid="user-form"]');

async function fillNewUser(
  page: Page,
  u: { username: string; role: string; wardId?: string; password: string },
): Promise<void> {
  const form = createForm(page);
  await form.locator('input[name="username"]').fill(u.username);
  await form.locator('select[name="role"]').selectOption(u.role);
  if (u.wardId !== undefined) await form.locator('select[name="wardId"]').selectOption(u.wardId);
  await form.locator('input[name="password"]').fill(u.password);
}

async function users(admin: Api): Promise<User[]> {
  return (await admin.get<{ items: User[] }>(USERS_ROUTE)).items;
}

/** Whether a login with these credentials is refused (401) rather than accepted. */
async function loginRefused(server: RunningServer, username: string, password: string) {
  try {
    await login(server, username, password);
    return false;
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) return true;
    throw err;
  }
}

describe('console settings: users', () => {
  let server: RunningServer;
  let admin: Api;
  let browser: Browser;
  let page: Page;
  let officer: Page;
  const pageErrors: string[] = [];
  /** Every POST the admin's page sent to create a user. */
  const creates: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(E2E_ARTIFACTS, { recursive: true });
    server = await startServer();
    admin = await login(server);
    for (const ward of [OWN, OTHER]) {
      await admin.post('/api/v1/wards', ward);
      await enrollStation(server, { wardId: ward.id });
    }
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'vi-VN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith(USERS_ROUTE)) {
        creates.push(req.postData() ?? '');
      }
    });
    const officerContext = await browser.newContext({
      viewport: VIEWPORTS.desktop,
      locale: 'vi-VN',
    });
    officer = await officerContext.newPage();
    officer.on('pageerror', (err) => pageErrors.push(err.message));
    await signIn(page, server.url, 'admin', server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the accounts with their role and ward, in Vietnamese', async () => {
    await page.goto(`${server.url}/settings/users`);
    await page.locator('[data-testid="settings-users"][aria-current="page"]').waitFor();
    await row(page, 'admin').waitFor();
    expect(await row(page, 'admin').locator('[data-testid="user-role"]').innerText()).toBe(
      'Quản trị viên',
    );
    expect(await row(page, 'admin').locator('[data-testid="user-ward"]').innerText()).toBe(
      'Mọi xã, phường',
    );
    expect(await row(page, 'admin').innerText()).toContain('(bạn)');
    const form = await createForm(page).innerText();
    expect(form).toContain('Tên đăng nhập');
    expect(form).toContain('Mật khẩu ban đầu');
    expect(form).toContain('Chỉ xem tình trạng máy trạm của xã, phường được gán.');
    await shoot(page, 'settings-users-vi');
  });

  it('creates a ward officer and a leadership account', async () => {
    await fillNewUser(page, { ...OFFICER, role: 'officer', wardId: OWN.id });
    await createForm(page).locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'Đã tạo tài khoản canbo-lhp.' }).waitFor();
    expect(await feedback(page).getAttribute('class')).toBe('success');
    await row(page, OFFICER.username).waitFor();
    expect(await row(page, OFFICER.username).locator('[data-testid="user-ward"]').innerText()).toBe(
      OWN.name,
    );
    // The form is cleared for the next account.
    expect(await createForm(page).locator('input[name="username"]').inputValue()).toBe('');

    // A viewer takes no ward: the ward select is off and reads "every ward".
    await createForm(page).locator('select[name="role"]').selectOption('viewer');
    const ward = createForm(page).locator('select[name="wardId"]');
    expect(await ward.isDisabled()).toBe(true);
    expect((await ward.locator('option:checked').innerText()).trim()).toBe('Mọi xã, phường');
    await fillNewUser(page, { ...VIEWER, role: 'viewer' });
    await createForm(page).locator('button[type="submit"]').click();
    await row(page, VIEWER.username).waitFor();
    expect(await row(page, VIEWER.username).locator('[data-testid="user-role"]').innerText()).toBe(
      'Lãnh đạo',
    );
    // Cleared back to the default role, in the select as well as in what it offers.
    expect(await createForm(page).locator('select[name="role"]').inputValue()).toBe('officer');
    expect(await ward.isDisabled()).toBe(false);

    const stored = await users(admin);
    expect(stored.find((u) => u.username === OFFICER.username)).toMatchObject({
      role: 'officer',
      wardId: OWN.id,
    });
    expect(stored.find((u) => u.username === VIEWER.username)).toMatchObject({
      role: 'viewer',
      wardId: null,
    });
    await shoot(page, 'settings-users-vi-created');
  });

  it('refuses an officer without a ward, a bad name or a short password in the page', async () => {
    const sent = creates.length;
    await fillNewUser(page, { username: 'canbo-tp', role: 'officer', password: 'mat-khau-dai-1' });
    await createForm(page).locator('button[type="submit"]').click();
    await problem(page).waitFor();
    expect((await problem(page).innerText()).trim()).toBe(
      'Cán bộ xã, phường phải được gán một xã, phường.',
    );
    const ward = createForm(page).locator('select[name="wardId"]');
    expect(await ward.getAttribute('aria-invalid')).toBe('true');
    expect(await ward.evaluate((el) => el === el.getRootNode().activeElement)).toBe(true);
    await shoot(page, 'settings-users-vi-error');

    await fillNewUser(page, {
      username: 'cán bộ',
      role: 'officer',
      wardId: OTHER.id,
      password: 'mat-khau-dai-1',
    });
    await createForm(page).locator('button[type="submit"]').click();
    await problem(page).filter({ hasText: 'Tên đăng nhập gồm 1–64 ký tự' }).waitFor();

    await fillNewUser(page, {
      username: 'canbo-tp',
      role: 'officer',
      wardId: OTHER.id,
      password: 'ngan',
    });
    await createForm(page).locator('button[type="submit"]').click();
    await problem(page).filter({ hasText: 'Mật khẩu phải có từ 10 đến 256 ký tự.' }).waitFor();
    expect(creates.length).toBe(sent);
    expect((await users(admin)).map((u) => u.username)).not.toContain('canbo-tp');
  });

  it('shows the server refusing a taken username, and its own message for a bad request', async () => {
    await fillNewUser(page, {
      username: OFFICER.username,
      role: 'officer',
      wardId: OTHER.id,
      password: 'mat-khau-khac-1',
    });
    await createForm(page).locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'đã có người dùng' }).waitFor();
    expect((await feedback(page).innerText()).trim()).toBe(
      'Tên đăng nhập canbo-lhp đã có người dùng. Hãy chọn tên khác.',
    );
    expect(await feedback(page).getAttribute('class')).toBe('banner');
    await shoot(page, 'settings-users-vi-taken');
    // The stored officer is untouched.
    expect((await users(admin)).find((u) => u.username === OFFICER.username)?.wardId).toBe(OWN.id);

    // The page's check passes; the request is then bent (real server, real 400) to prove
    // the server's own reason reaches the admin when the page has no words for it.
    await page.route(`**${USERS_ROUTE}`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      delete body.wardId;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await fillNewUser(page, {
      username: 'canbo-tp',
      role: 'officer',
      wardId: OTHER.id,
      password: 'mat-khau-dai-1',
    });
    await createForm(page).locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'wardId' }).waitFor();
    expect((await feedback(page).innerText()).trim()).toBe(
      'Không thực hiện được: an officer needs a wardId',
    );
    await page.unroute(`**${USERS_ROUTE}`);
    expect((await users(admin)).map((u) => u.username)).not.toContain('canbo-tp');
  });

  it('the new officer signs in and sees only their own ward', async () => {
    await signIn(officer, server.url, OFFICER.username, OFFICER.password);
    await officer.locator('[data-testid="officer-title"]', { hasText: OWN.name }).waitFor();
    expect(await officer.locator('li[data-ward-id]').count()).toBe(0);
    expect(await officer.locator('[data-testid="nav-settings"]').count()).toBe(0);
    const api = (await officer.evaluate(`(async () => {
      const get = async (p) => { const r = await fetch(p); return { status: r.status, body: await r.json() }; };
      return { stations: await get('/api/v1/stations'), users: await get('/api/v1/users') };
    })()`)) as Record<string, { status: number; body: { items?: StationView[] } }>;
    expect(api.stations?.status).toBe(200);
    expect(api.stations?.body.items?.map((s) => s.wardId)).toEqual([OWN.id]);
    expect(api.users?.status).toBe(403);
    await officer.goto(`${server.url}/wards/${OTHER.id}`);
    await officer.locator('[data-testid="ward-forbidden"]').waitFor();
    await officer.goto(`${server.url}/settings/users`);
    await officer.locator('[data-testid="settings-forbidden"]').waitFor();
    expect(await officer.locator('ww-settings-users').count()).toBe(0);
  });

  it('the admin moves the officer to another ward: the old session ends, the new one shows it', async () => {
    await row(page, OFFICER.username).locator('[data-testid="user-edit"]').click();
    await dialog(page).waitFor();
    expect(await dialog(page).locator('h3').innerText()).toBe('Tài khoản canbo-lhp');
    const wardSelect = dialog(page).locator('[data-testid="access-form"] select[name="wardId"]');
    expect(await wardSelect.inputValue()).toBe(OWN.id);
    expect(await dialog(page).innerText()).toContain('bị đăng xuất ở mọi nơi');
    await wardSelect.selectOption(OTHER.id);
    await shoot(page, 'settings-users-vi-dialog');
    await dialog(page).locator('[data-testid="access-form"] button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'Đã lưu vai trò' }).waitFor();
    expect(await dialog(page).count()).toBe(0);
    await row(page, OFFICER.username)
      .locator('[data-testid="user-ward"]', { hasText: OTHER.name })
      .waitFor();

    await officer.reload();
    await officer.locator('input[name="username"]').waitFor();
    await signIn(officer, server.url, OFFICER.username, OFFICER.password);
    await officer.locator('[data-testid="officer-title"]', { hasText: OTHER.name }).waitFor();
  });

  it('resets the officer password: the old one stops working, the new one works', async () => {
    const next = 'mat-khau-moi-2025';
    await row(page, OFFICER.username).locator('[data-testid="user-edit"]').click();
    const form = dialog(page).locator('[data-testid="password-form"]');
    await form.locator('input[name="password"]').fill('ngan');
    await form.locator('button[type="submit"]').click();
    await dialog(page)
      .locator('[data-testid="user-problem"]', { hasText: 'từ 10 đến 256' })
      .waitFor();
    await form.locator('input[name="password"]').fill(next);
    await form.locator('button[type="submit"]').click();
    await feedback(page).filter({ hasText: 'Đã đặt mật khẩu mới cho canbo-lhp' }).waitFor();
    expect(await loginRefused(server, OFFICER.username, OFFICER.password)).toBe(true);
    expect(await loginRefused(server, OFFICER.username, next)).toBe(false);
  });

  it('keeps the last admin: no delete for yourself, and a demotion is refused in words', async () => {
    await row(page, 'admin').locator('[data-testid="user-edit"]').click();
    await dialog(page).waitFor();
    expect(await dialog(page).locator('[data-testid="user-delete"]').count()).toBe(0);
    expect(await dialog(page).locator('[data-testid="delete-block"]').innerText()).toContain(
      'không thể tự xóa',
    );
    await dialog(page)
      .locator('[data-testid="access-form"] select[name="role"]')
      .selectOption('viewer');
    await dialog(page).locator('[data-testid="access-form"] button[type="submit"]').click();
    const refused = dialog(page).locator('[data-testid="settings-feedback"]');
    await refused.waitFor();
    expect((await refused.innerText()).trim()).toBe(
      'Phải còn ít nhất một quản trị viên: không thể đổi vai trò hoặc xóa quản trị viên cuối cùng.',
    );
    await dialog(page).locator('[data-testid="user-dialog-close"]').click();
    // Gone once the page has re-rendered (a count right after the click raced it).
    await dialog(page).waitFor({ state: 'detached' });
    // The refusal belonged to the dialog; it does not linger under the new-account form.
    expect(await feedback(page).count()).toBe(0);
    // Still signed in, still an admin.
    expect((await users(admin)).find((u) => u.username === 'admin')?.role).toBe('admin');
    await row(page, 'admin').waitFor();
  });

  it('deletes the officer only after confirming; the account can no longer sign in', async () => {
    await row(page, OFFICER.username).locator('[data-testid="user-edit"]').click();
    await dialog(page).locator('[data-testid="user-delete"]').click();
    const question = dialog(page).locator('[data-testid="user-delete-question"]');
    await question.waitFor();
    expect((await question.innerText()).trim()).toBe(
      'Xóa vĩnh viễn tài khoản canbo-lhp? Người dùng bị đăng xuất ngay và không đăng nhập được nữa. Không thể hoàn tác.',
    );
    await shoot(page, 'settings-users-vi-delete');
    await dialog(page).locator('[data-testid="user-delete-cancel"]').click();
    await question.waitFor({ state: 'detached' });
    expect((await users(admin)).map((u) => u.username)).toContain(OFFICER.username);

    await dialog(page).locator('[data-testid="user-delete"]').click();
    await dialog(page).locator('[data-testid="user-delete-confirm"]').click();
    await feedback(page).filter({ hasText: 'Đã xóa tài khoản canbo-lhp.' }).waitFor();
    await row(page, OFFICER.username).waitFor({ state: 'detached' });
    expect((await users(admin)).map((u) => u.username)).not.toContain(OFFICER.username);
    expect(await loginRefused(server, OFFICER.username, 'mat-khau-moi-2025')).toBe(true);
    await officer.reload();
    await officer.locator('input[name="username"]').waitFor();
  });

  it('reads in English', async () => {
    await page.click('[data-testid="lang-en"]');
    await page.reload();
    await row(page, 'admin').waitFor();
    expect(await row(page, 'admin').locator('[data-testid="user-role"]').innerText()).toBe(
      'Administrator',
    );
    expect(await row(page, VIEWER.username).locator('[data-testid="user-role"]').innerText()).toBe(
      'Leadership',
    );
    await shoot(page, 'settings-users-en');
    await fillNewUser(page, { username: 'canbo-tp', role: 'officer', password: 'mat-khau-dai-1' });
    await createForm(page).locator('button[type="submit"]').click();
    await problem(page).filter({ hasText: 'A ward officer must be assigned a ward.' }).waitFor();
    await shoot(page, 'settings-users-en-error');
    await row(page, VIEWER.username).locator('[data-testid="user-edit"]').click();
    await dialog(page).locator('[data-testid="user-delete"]').click();
    await dialog(page).locator('[data-testid="user-delete-question"]').waitFor();
    expect(await dialog(page).innerText()).toContain('Permanently delete the account lanhdao?');
    await shoot(page, 'settings-users-en-dialog');
    await dialog(page).locator('[data-testid="user-dialog-close"]').click();
  });

  it('an admin who sets their own password is sent to log in again; the new one works', async () => {
    const next = 'admin-mat-khau-moi-1';
    await row(page, 'admin').locator('[data-testid="user-edit"]').click();
    expect(await dialog(page).innerText()).toContain('This is your own account');
    const form = dialog(page).locator('[data-testid="password-form"]');
    await form.locator('input[name="password"]').fill(next);
    await form.locator('button[type="submit"]').click();
    await page.locator('ww-login-page input[name="username"]').waitFor();
    expect(await page.locator('ww-login-page .notice').innerText()).toBe(
      'Your session has expired. Please log in again.',
    );
    expect(await loginRefused(server, 'admin', server.adminPassword)).toBe(true);
    await signIn(page, server.url, 'admin', next);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
