import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors.js';
import {
  inProcessReports,
  type ReportRunner,
  type WorkerReports,
} from '../../server/src/reports/report-runner.js';
import type { EvidenceJob } from '../../server/src/reports/report-jobs.js';
import type { Logger } from '../../server/src/services/context.js';
import { loadReportFixture, seedReportFixture } from '../helpers/report-fixture.js';
import { quietLog, workerReports } from '../helpers/report-runners.js';
import { openTestPostgres, openTestSqlite, type OpenedStore } from '../helpers/stores.js';
import { until } from '../helpers/wait.js';

// The report worker: its own read-only connection, the same jobs and answers as in-process,
// errors carried back with their HTTP status, a cap on queued work, a clean close.
const fx = loadReportFixture();
const admin = { username: 'admin', role: 'admin', wardId: null } as const;
const job = (over: Partial<EvidenceJob> = {}): EvidenceJob => ({
  now: fx.now,
  online: [fx.wards[0]?.station ?? ''],
  actor: admin,
  input: { from: fx.period.from, to: fx.period.to },
  format: 'json',
  ...over,
});

describe.each([
  ['SQLite', openTestSqlite],
  ['PostgreSQL', () => openTestPostgres('reportworker')],
] as const)('report worker on %s', (_engine, open) => {
  let db: OpenedStore;
  let worker: WorkerReports;
  let local: ReportRunner;
  beforeAll(async () => {
    db = await open();
    await seedReportFixture(db.store, fx);
    worker = workerReports(db.url);
    local = inProcessReports(db.store, quietLog);
  });
  afterAll(async () => {
    await worker?.close();
    await db?.dispose();
  });

  it('answers every format and the availability gauge exactly as in-process does', async () => {
    for (const j of [
      job(),
      job({ format: 'csv', table: 'equipment' }),
      job({ format: 'csv', table: 'incidents' }),
      job({ format: 'html' }),
      job({ input: { from: fx.period.from, to: fx.period.to, ward: 'tran-phu' } }),
    ]) {
      const [there, here] = await Promise.all([
        worker.run('evidence', j),
        local.run('evidence', j),
      ]);
      expect(there).toBe(here);
    }
    const report = JSON.parse(await worker.run('evidence', job())) as {
      wards: { wardId: string; equipment: { category: string; presentNow: number }[] }[];
    };
    // Presence travels with the job: only the listed station counts as connected now.
    const present = report.wards.map(
      (w) => w.equipment.find((e) => e.category === 'workstation')?.presentNow,
    );
    expect(present).toEqual([1, 0, 0]);
    const a = { now: fx.now, online: [] };
    expect(await worker.run('availability', a)).toEqual(await local.run('availability', a));
  });

  it('carries a refusal back with its status, and keeps serving after it', async () => {
    const bad = worker.run('evidence', job({ input: { from: 10, to: 5 } }));
    await expect(bad).rejects.toBeInstanceOf(AppError);
    await expect(bad).rejects.toMatchObject({ status: 400, message: 'to must be after from' });
    const officer = { username: 'o', role: 'officer', wardId: 'tran-phu' } as const;
    const other = worker.run(
      'evidence',
      job({ actor: officer, input: { from: fx.period.from, to: fx.period.to, ward: 'quang-phu' } }),
    );
    await expect(other).rejects.toMatchObject({ status: 400, message: /own ward only/ });
    expect(JSON.parse(await worker.run('evidence', job({ actor: officer }))).wards).toHaveLength(1);
  });
});

describe('report worker limits', () => {
  let db: OpenedStore;
  beforeAll(async () => {
    db = await openTestSqlite();
    await seedReportFixture(db.store, fx);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('refuses work past its queue with 503 instead of piling it up, then takes more', async () => {
    const worker = workerReports(db.url, { maxQueued: 2 });
    try {
      expect(worker.refusal()).toBeNull();
      const first = [worker.run('evidence', job()), worker.run('evidence', job())];
      // Asked first by the route, so a refused report does no work of its own (no flush).
      expect(worker.refusal()).toMatchObject({ status: 503, message: /2 reports are already/ });
      await expect(worker.run('evidence', job())).rejects.toMatchObject({ status: 503 });
      await Promise.all(first);
      expect(worker.refusal()).toBeNull();
      expect(JSON.parse(await worker.run('evidence', job())).wards).toHaveLength(3);
    } finally {
      await worker.close();
    }
  });

  it('a worker that cannot open its database fails each job clearly, logged, and never hangs', async () => {
    const errors: object[] = [];
    const log: Logger = { ...quietLog, error: (obj) => errors.push(obj) };
    const worker = workerReports('sqlite:/nonexistent/wardwatch/ww.db', { log });
    try {
      await expect(worker.run('evidence', job())).rejects.toThrow(
        /report worker failed: .*open database/i,
      );
      // Started again for the next job, which fails the same way.
      await expect(worker.run('availability', { now: 0, online: [] })).rejects.toThrow(
        /report worker/,
      );
      expect(errors.length).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.close();
    }
  });

  it('closes an idle worker (its connection and heap go) and starts one for the next job', async () => {
    const worker = workerReports(db.url, { idleCloseMs: 50 });
    try {
      expect(worker.running).toBe(false);
      const first = worker.run('evidence', job());
      expect(worker.running).toBe(true);
      expect(JSON.parse(await first).wards).toHaveLength(3);
      await until('the idle worker to close', async () => (worker.running ? undefined : true), {
        timeoutMs: 10_000,
        everyMs: 20,
      });
      expect(JSON.parse(await worker.run('evidence', job())).wards).toHaveLength(3);
    } finally {
      await worker.close();
    }
  });

  it('after close it refuses new work (the app is shutting down)', async () => {
    const worker = workerReports(db.url);
    expect(JSON.parse(await worker.run('evidence', job())).wards).toHaveLength(3);
    await worker.close();
    await expect(worker.run('evidence', job())).rejects.toMatchObject({ status: 503 });
  });
});
