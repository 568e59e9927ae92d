import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRecord } from '@wardwatch/shared';
import { RetentionJob } from '../../server/src/reports/retention.js';
import { RollupWriter } from '../../server/src/reports/rollup-writer.js';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/src/store/store.js';
import { tempDir } from '../helpers/tmp.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 15);
const silent = { info() {}, warn() {}, error() {} };
const sys = (at: number): AgentRecord => ({
  kind: 'sys',
  at,
  cpuPct: 1,
  memUsedBytes: 1,
  memTotalBytes: 2,
  disks: [],
  uptimeSec: 1,
});

describe('retention on a real SQLite file', () => {
  let dir: { path: string; remove(): Promise<void> };
  let store: Store;

  beforeAll(async () => {
    dir = await tempDir('wardwatch-retention-');
    store = openSqliteStore(join(dir.path, 'ww.db'));
    await store.createWard({ id: 'w', name: 'W', createdAt: 0 });
    await store.createEnrollmentToken({
      tokenHash: 't',
      wardId: 'w',
      createdAt: 0,
      expiresAt: NOW * 2,
    });
    await store.enrollStation({
      tokenHash: 't',
      now: 1,
      stationId: 's',
      hostname: 'h',
      credentialHash: 'c',
    });
    const rollups = new RollupWriter({
      store,
      clock: { now: () => NOW },
      log: silent,
      flushMs: 60_000,
    });
    // 100 days of history, one record an hour, in daily batches.
    for (let d = 100; d >= 1; d--) {
      const records = Array.from({ length: 24 }, (_, h) => sys(NOW - d * DAY + h * 3_600_000));
      await store.recordBatch({
        stationId: 's',
        seq: 101 - d,
        offsetMs: 0,
        receivedAt: NOW,
        records,
        probeSummary: { lastRttMs: null, lastProbeOk: null },
      });
      rollups.enqueue({ stationId: 's', wardId: 'w', offsetMs: 0, records });
    }
    await rollups.flush();
    await store.setSetting('retention', { rawDays: 30, rollup5mDays: 60, historyDays: 90 }, NOW);
  });
  afterAll(async () => {
    await store?.close();
    await dir?.remove();
  });

  it('deletes in chunks what is past each horizon and keeps the rest', async () => {
    const count = async (from: number) =>
      (await store.listRecords({ stationId: 's', from, limit: 100_000 })).length;
    expect(await count(0)).toBe(2400);
    const before = await store.reportSamples(NOW - 100 * DAY, NOW, {
      ...(await import('@wardwatch/shared')).DEFAULT_CALENDAR,
    });
    expect(before[0]?.onBuckets.all).toBe(2400);
    const job = new RetentionJob({
      store,
      clock: { now: () => NOW },
      log: silent,
      intervalMs: 60_000,
      chunk: 100,
    });
    await job.runOnce();
    expect(await count(0)).toBe(30 * 24);
    expect(await store.listRecords({ stationId: 's', to: NOW - 30 * DAY, limit: 10 })).toEqual([]);
    expect(job.deleted.records).toBe(70 * 24);
    // Daily rollups stay 90 days: a report from a local midnight 89 days back still sees every
    // hour (whole days from daily rows; today's part from the 5-minute rows).
    const { DEFAULT_CALENDAR, localDayStart } = await import('@wardwatch/shared');
    const from = localDayStart(DEFAULT_CALENDAR, NOW - 89 * DAY);
    const kept = await store.reportSamples(from, NOW, DEFAULT_CALENDAR);
    // 89 days of 24 records, plus day 90's last 7 hours (local midnight is 17:00 UTC).
    expect(kept[0]?.onBuckets.all).toBe(89 * 24 + 7);
    expect(job.deleted.rollups).toBeGreaterThan(0);
  });
});
