import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import {
  REPORT_FIXTURE_DIR,
  loadReportFixture,
  seedReportFixture,
} from '../helpers/report-fixture.js';
import { workerReports } from '../helpers/report-runners.js';
import { tempDir } from '../helpers/tmp.js';
import { testConfig } from '../helpers/config.js';

// The October 2026 fixture: 3 wards, 10 incidents, 2 stations' records. Every expected
// figure below is computed by hand in tests/fixtures/reports/october-2026/README.md.
const FIXTURE_DIR = REPORT_FIXTURE_DIR;
const UPDATE = process.env.WARDWATCH_UPDATE_FIXTURES === '1';
const H = 3_600_000;
const fx = loadReportFixture();

let dir: { path: string; remove(): Promise<void> };
let app: Awaited<ReturnType<typeof buildApp>>;
let cookie = '';

async function get(path: string) {
  const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
  return res;
}

/** Compare with the stored expectation (or write it when WARDWATCH_UPDATE_FIXTURES=1). */
function expectFile(name: string, actual: string): void {
  const path = join(FIXTURE_DIR, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

// Each runner: in-process (what an injected store gets) and the report worker thread with its
// own read-only connection (what a server on a database file gets).
const RUNNERS = ['in-process', 'worker'] as const;

async function setUp(runner: (typeof RUNNERS)[number]): Promise<void> {
  dir = await tempDir('wardwatch-reports-');
  const dbPath = join(dir.path, 'ww.db');
  const store = openSqliteStore(dbPath);
  const clock = { now: () => fx.now };
  await seedReportFixture(store, fx);
  const config = testConfig(dbPath, { WARDWATCH_ADMIN_PASSWORD: 'admin-pw' });
  const reports = runner === 'worker' ? workerReports(`sqlite:${dbPath}`) : undefined;
  app = await buildApp(config, { store, clock, ...(reports && { reports }) });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: 'admin-pw' },
  });
  expect(res.statusCode).toBe(200);
  cookie = /ww_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
}

const q = `/api/v1/reports/evidence?from=${fx.period.from}&to=${fx.period.to}`;

interface Json {
  wards: Record<string, unknown>[];
  city: Record<string, unknown>;
  narrative: { vi: string; en: string };
}

describe.each(RUNNERS)('evidence report, October 2026 fixture (hand-computed), %s', (runner) => {
  beforeAll(() => setUp(runner));
  afterAll(async () => {
    await app?.close();
    await dir?.remove();
  });

  it('ward figures match the hand computation', async () => {
    const res = await get(`${q}&format=json`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Json;
    const ward = (id: string) => body.wards.find((w) => w['wardId'] === id) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const a = ward('le-hong-phong');
    expect(a['downtimeMs']).toEqual({ officeHours: 7.5 * H, allHours: 86.5 * H });
    expect(a['availability'].officeHours).toBeCloseTo(1 - 7.5 / 196.5, 12);
    expect(a['availability'].allHours).toBeCloseTo(1 - 86.5 / 742, 12);
    expect(a['plannedDowntimeMs']).toEqual({ officeHours: 1 * H, allHours: 1 * H });
    expect(a['maintenanceMs']).toEqual({ officeHours: 2 * H, allHours: 2 * H });
    expect(a['outages']).toBe(6);
    expect(a['longestDowntimeMs']).toBe(45.5 * H);
    expect(a['mttrMs']).toBe((86.5 * H) / 6);
    expect(a['incidents'].total).toBe(6);
    expect(a['incidents'].byAttribution).toMatchObject({
      upstream: 2,
      local_link: 1,
      station_down: 1,
      unknown: 1,
      planned: 1,
    });
    expect(a['sessionDrops']).toEqual({ total: 4, officeHours: 3, perOfficeDay: 0.11 });
    expect(a['workstationOnMs']).toEqual({ officeHours: 54 * 300_000, allHours: 55 * 300_000 });
    expect(a['targets'][0]).toMatchObject({
      target: 'nat',
      latencyMs: { p50: 20, p95: 40 },
      rounds: 5,
      okRounds: 4,
    });
    expect(a['equipment']).toEqual([
      {
        category: 'workstation',
        required: 1,
        presentNow: 0,
        everSeen: 1,
        lastSeenAt: Date.UTC(2026, 10, 1, 17),
        connectedOfficeHoursPct: 2.3,
      },
      {
        category: 'fingerprint',
        required: 1,
        presentNow: 1,
        everSeen: 1,
        lastSeenAt: Date.UTC(2026, 9, 5, 0),
        connectedOfficeHoursPct: 2.3,
      },
      {
        category: 'scanner',
        required: 1,
        presentNow: 0,
        everSeen: 0,
        lastSeenAt: null,
        connectedOfficeHoursPct: 0,
      },
      {
        category: 'card_reader',
        required: 1,
        presentNow: 1,
        everSeen: 1,
        lastSeenAt: Date.UTC(2026, 9, 5, 0),
        connectedOfficeHoursPct: 2.3,
      },
    ]);
    expect(a['previous'].downtimeMs).toEqual({ officeHours: 1 * H, allHours: 8 * H });
    const b = ward('tran-phu');
    expect(b['downtimeMs']).toEqual({ officeHours: 1 * H, allHours: 1 * H });
    expect(b['availability'].officeHours).toBeCloseTo(1 - 1 / 198.5, 12);
    expect(b['saturationOfficeHours']).toEqual({ cpu: 1.5, mem: 0, disk: 0 });
    const c = ward('quang-phu');
    expect(c['incidents'].byKind).toMatchObject({ link_down: 1, session_unstable: 1 });
    expect(c['downtimeMs']).toEqual({ officeHours: 1 * H, allHours: 1 * H });
  });

  it('city figures match the hand computation', async () => {
    const body = (await get(`${q}&format=json`)).json() as Json;
    const city = body.city as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(city['officeHoursMs']).toBe(198.5 * H);
    expect(city['officeDays']).toBe(27);
    expect(city['downtimeMs']).toEqual({ officeHours: 9.5 * H, allHours: 88.5 * H });
    expect(city['ranking'].map((r: { wardId: string }) => r.wardId)).toEqual([
      'le-hong-phong',
      'quang-phu',
      'tran-phu',
    ]);
    expect(city['causes']).toMatchObject({ upstreamMs: 4.5 * H, localMs: 3 * H, otherMs: 2 * H });
    expect(city['causes'].upstreamShare).toBeCloseTo(4.5 / 9.5, 12);
    expect(city['downtimeChangePct']).toBe(850);
    expect(city['shortfall']).toEqual([
      { category: 'workstation', wardsShort: 1, wardsTotal: 3, wardIds: ['quang-phu'] },
      { category: 'fingerprint', wardsShort: 1, wardsTotal: 3, wardIds: ['quang-phu'] },
      {
        category: 'scanner',
        wardsShort: 2,
        wardsTotal: 3,
        wardIds: ['le-hong-phong', 'quang-phu'],
      },
      { category: 'card_reader', wardsShort: 1, wardsTotal: 3, wardIds: ['quang-phu'] },
    ]);
    expect(body.narrative.vi).toContain('tổng thời gian 9 giờ 30 phút');
    expect(body.narrative.vi).toContain('2/3 Công an xã, phường chưa được trang bị máy scan');
    expect(body.narrative.en).toContain('2/3 wards have no document scanner');
  });

  it('the whole JSON and every CSV table equal the checked-in expectations', async () => {
    const json = (await get(`${q}&format=json`)).json() as unknown;
    expectFile('expected.json', `${JSON.stringify(json, null, 2)}\n`);
    for (const table of ['wards', 'targets', 'equipment', 'incidents', 'city']) {
      const res = await get(`${q}&format=csv&table=${table}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      expectFile(`expected-${table}.csv`, res.body);
    }
  });

  it('serves the equipment matrix and the printable HTML', async () => {
    const eq = (await get('/api/v1/equipment')).json() as {
      items: { wardId: string; category: string; everSeen: number }[];
    };
    expect(eq.items).toHaveLength(12);
    expect(
      eq.items.find((i) => i.wardId === 'tran-phu' && i.category === 'scanner')?.everSeen,
    ).toBe(1);
    const html = await get(`${q}&format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('CÔNG AN THÀNH PHỐ QUẢNG NGÃI');
    expect(html.body).toContain('<svg');
    expect((await get(`${q}&format=json&ward=nope`)).statusCode).toBe(400);
    // Vietnamese only, by decision (docs/reports.md): a language parameter is refused, not ignored.
    const lang = await get(`${q}&format=html&lang=en`);
    expect(lang.statusCode).toBe(400);
    expect(lang.json()).toMatchObject({ error: { message: /lang/ } });
  });
});
