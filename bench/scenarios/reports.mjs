// Reports: the evidence report for 23 wards × 1 year and for 10,000 stations × 1 month.
// `replay` cases send generated history through the real protocol (ingest refuses records
// older than 30 days, so at most ~4 weeks); `seed` cases write what a long history leaves after
// retention — daily rollups and incidents — straight into the database (bench/lib/report-history.mjs).
// Reports 'not available' cleanly while GET /api/v1/reports/evidence answers 404.
import { join } from 'node:path';
import { replayHistory } from '../lib/history.mjs';
import { seedReportHistory } from '../lib/report-history.mjs';
import { benchTargets, createTargets, enrollFleet, login, startServer } from '../lib/server.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { tempDir } from '../lib/tmp.mjs';

const DAY = 86_400_000;

// The seeded cases are the same with and without --quick (seeding is fast); fresh objects a call.
const seededCases = () => [
  {
    name: '23 wards × 1 year, seeded',
    mode: 'seed',
    stations: 23,
    wards: 23,
    days: 365,
    budgetMs: 1000,
  },
  {
    name: '10,000 stations × 1 month, seeded',
    mode: 'seed',
    stations: 10_000,
    wards: 1000,
    days: 30,
    budgetMs: 10_000,
  },
];

export function defaults(quick) {
  // --quick keeps the shapes but shrinks history so the scenario stays under 2 minutes.
  return quick
    ? {
        cases: [
          {
            name: '23 wards × 27 days, replayed (quick)',
            stations: 23,
            wards: 23,
            days: 27,
            stepMs: 15 * 60_000,
            budgetMs: 1000,
          },
          ...seededCases(),
          {
            name: '500 stations × 3 days (quick)',
            stations: 500,
            wards: 50,
            days: 3,
            stepMs: 30 * 60_000,
            budgetMs: 10_000,
          },
        ],
        repeats: 3,
      }
    : {
        cases: [
          {
            name: '23 wards × 27 days, replayed',
            stations: 23,
            wards: 23,
            days: 27,
            stepMs: 5 * 60_000,
            budgetMs: 1000,
          },
          ...seededCases(),
        ],
        repeats: 5,
      };
}

async function reportAvailable(server) {
  const api = await login(server.url, 'admin', server.adminPassword);
  const now = Date.now();
  const res = await api.raw(`/api/v1/reports/evidence?from=${now - DAY}&to=${now}&format=json`);
  return res.status !== 404;
}

async function runCase(opts, c, log) {
  const dir = tempDir('reports', opts.keep);
  const dbPath = join(dir, 'ww.db');
  let server = await startServer({ dbPath });
  try {
    if (!(await reportAvailable(server)))
      return { name: c.name, status: 'not available', budgetMs: c.budgetMs };
    const to = Date.now() - 60_000;
    const from = to - c.days * DAY;
    let history;
    let admin;
    if (c.mode === 'seed') {
      await server.stop();
      log(`  ${c.name}: seeding rollups and incidents…`);
      const targets = ['t0', 't1', 't2', 't3'];
      const seeded = seedReportHistory({
        dbPath,
        wards: c.wards,
        stations: c.stations,
        targets,
        from,
        to,
      });
      history = { records: 0, rollupRows: seeded.rows, seconds: seeded.seconds };
      // The admin was created by the first start, with its password.
      const password = server.adminPassword;
      server = await startServer({ dbPath });
      admin = await login(server.url, 'admin', password);
    } else {
      const fleet = await enrollFleet(server, { stations: c.stations, wardCount: c.wards });
      admin = fleet.admin;
      const targets = benchTargets(2, 2, c.stepMs);
      await createTargets(admin, targets);
      log(`  ${c.name}: replaying history…`);
      history = await replayHistory({
        url: server.url,
        creds: fleet.creds,
        targets: targets.map((t) => t.id),
        from,
        to,
        stepMs: c.stepMs,
        log,
      });
    }
    const times = [];
    let bytes = 0;
    for (let i = 0; i < opts.repeats; i++) {
      const t0 = performance.now();
      const res = await admin.raw(`/api/v1/reports/evidence?from=${from}&to=${to}&format=json`);
      times.push(performance.now() - t0);
      if (res.status >= 400)
        throw new Error(`report answered ${res.status}: ${res.text().slice(0, 300)}`);
      bytes = res.bytes;
    }
    const s = summarize(times);
    return {
      name: c.name,
      status: 'ok',
      budgetMs: c.budgetMs,
      historyRecords: history.records,
      rollupRows: history.rollupRows,
      replaySeconds: history.seconds,
      reportBytes: bytes,
      ms: s,
    };
  } finally {
    await server.stop();
  }
}

export async function run(opts, log) {
  const cases = [];
  for (const c of opts.cases) cases.push(await runCase(opts, c, log));
  const status = cases.every((c) => c.status === 'not available') ? 'not available' : 'ok';
  return {
    status,
    result: { options: opts, cases },
    table: cases.map((c) => ({
      case: c.name,
      status: c.status,
      'history records': c.historyRecords ?? '—',
      'rollup rows': c.rollupRows ?? '—',
      'max ms': c.ms ? round(c.ms.max, 0) : '—',
      'median ms': c.ms ? round(c.ms.p50, 0) : '—',
      'budget ms': c.budgetMs,
    })),
  };
}
