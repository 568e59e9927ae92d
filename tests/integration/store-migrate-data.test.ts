import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, foldRecords, type AgentRecord, type BucketAgg } from '@wardwatch/shared';
import { parseMigrateArgs } from '../../server/src/migrate-data-cli.js';
import { migrateData, TABLES } from '../../server/src/store/migrate-data.js';
import { openPostgresStore, type PostgresStore } from '../../server/src/store/postgres/pg-store.js';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/src/store/store.js';
import { dropSchema, freshSchema, TEST_PG_URL } from '../helpers/stores.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const BIN = new URL('../../server/bin/wardwatch-server.js', import.meta.url).pathname;
const T0 = Date.UTC(2026, 10, 16) - 7 * 3_600_000;
const WARDS = 5;
const BATCHES = 30;

/** A few weeks of a small city: every table gets rows. */
async function generate(s: Store): Promise<void> {
  await s.createUser({
    username: 'admin',
    passwordHash: 'h',
    role: 'admin',
    wardId: null,
    createdAt: 1,
  });
  await s.createSession({
    tokenHash: 'sess',
    username: 'admin',
    csrfToken: 'c',
    createdAt: T0,
    expiresAt: T0 * 2,
  });
  await s.createTarget({
    id: 'csdl',
    name: 'CSDLQG',
    probe: 'tcp',
    host: '127.0.0.1',
    port: 443,
    intervalMs: 30_000,
    createdAt: 1,
  });
  const ch = await s.createChannel({
    name: 'hook',
    kind: 'webhook',
    config: { url: 'http://127.0.0.1/', secret: 'x' },
    createdAt: 1,
  });
  await s.createRule({
    channelId: ch.id,
    wardIds: [],
    kinds: ['link_down'],
    minSeverity: 'info',
    onClose: true,
    createdAt: 1,
  });
  await s.createMaintenance({
    name: 'Bảo trì',
    startsAt: T0,
    endsAt: T0 + 3_600_000,
    recurrence: 'none',
    until: null,
    wardId: null,
    target: null,
    createdAt: 1,
  });
  await s.setSetting('retention', { rawDays: 30 }, 1);
  for (let w = 0; w < WARDS; w++) {
    const ward = `w${w}`;
    await s.createWard({ id: ward, name: `Phường Nghĩa Chánh ${w}`, createdAt: 1 });
    await s.createEnrollmentToken({
      tokenHash: `t${w}`,
      wardId: ward,
      createdAt: 1,
      expiresAt: T0 * 2,
    });
    await s.enrollStation({
      tokenHash: `t${w}`,
      now: 2,
      stationId: `s${w}`,
      hostname: `pc${w}`,
      credentialHash: `c${w}`,
    });
    const buckets = new Map<string, BucketAgg>();
    for (let b = 1; b <= BATCHES; b++) {
      const at = T0 + b * 600_000;
      const records: AgentRecord[] = [
        {
          kind: 'probe',
          at,
          target: 'csdl',
          probe: 'tcp',
          ok: b % 7 !== 0,
          rttMs: { min: 1, avg: 2 + w, max: 3 + w, mdev: 0 },
        },
        {
          kind: 'sys',
          at: at + 1,
          cpuPct: b % 100,
          memUsedBytes: 1,
          memTotalBytes: 2,
          disks: [],
          uptimeSec: b,
        },
      ];
      await s.recordBatch({
        stationId: `s${w}`,
        seq: b,
        offsetMs: 0,
        receivedAt: at,
        records,
        probeSummary: { lastRttMs: 2, lastProbeOk: true },
      });
      foldRecords(buckets, `s${w}`, 0, records, {});
    }
    await s.applyRollups({
      buckets: [...buckets.values()],
      devices: [{ stationId: `s${w}`, counts: { fingerprint: 1 }, at: T0 }],
      calendar: DEFAULT_CALENDAR,
      now: T0,
    });
    const [inc] = await s.applyIncidentChanges({
      upserts: [
        {
          key: '',
          subject: `s${w}|csdl`,
          kind: 'link_down',
          wardId: ward,
          stationId: `s${w}`,
          target: 'csdl',
          startedAt: T0 + w,
          endedAt: w % 2 ? null : T0 + 9_000,
          detail: {},
          attribution: 'upstream',
          evidence: { wards: WARDS },
          severity: 'critical',
        },
      ],
      removes: [],
      at: T0,
    });
    if (inc)
      await s.addIncidentNote({ id: inc.row.id, username: 'admin', at: T0 + 5, text: 'ghi chú' });
    await s.createDelivery({
      channelId: ch.id,
      createdAt: T0 + w,
      subject: 'x',
      body: 'y',
      incidentIds: inc ? [inc.row.id] : [],
    });
    await s.appendAudit({ at: T0 + w, username: 'admin', action: 'ward.create', detail: ward });
  }
}

describe('migrate-data: SQLite file → fresh PostgreSQL schema', () => {
  let dir: { path: string; remove(): Promise<void> };
  let dbPath: string;
  let src: Store;
  const schema = freshSchema('migrate');
  const url = `${TEST_PG_URL}?schema=${schema}`;
  let dst: PostgresStore | null = null;

  beforeAll(async () => {
    dir = await tempDir('wardwatch-migrate-');
    dbPath = join(dir.path, 'ww.db');
    src = openSqliteStore(dbPath);
    await generate(src);
  });
  afterAll(async () => {
    await src?.close();
    await dst?.close();
    await dropSchema(schema);
    await dir?.remove();
  });

  it('copies every table: counts equal, sample rows equal, sequences continue', async () => {
    const counts = await migrateData(dbPath, url);
    expect(Object.keys(counts)).toEqual([...TABLES]);
    expect(counts.records).toBe(WARDS * BATCHES * 2);
    for (const table of TABLES) expect(counts[table], table).toBeGreaterThan(0);

    dst = await openPostgresStore(url);
    const d = dst;
    expect(await d.listWards()).toEqual(await src.listWards());
    expect(await d.listStations()).toEqual(await src.listStations());
    expect(await d.getStationByCredential('c3')).toEqual(await src.getStationByCredential('c3'));
    expect(await d.getSession('sess', T0)).toEqual(await src.getSession('sess', T0));
    const everything = { limit: 10_000 };
    expect(await d.listRecords(everything)).toEqual(await src.listRecords(everything));
    const series = { stationId: 's2', metric: 'rtt' as const, from: 0, to: T0 * 2 };
    expect(await d.seriesSamples(series)).toEqual(await src.seriesSamples(series));
    expect(await d.listIncidents({ limit: 100 })).toEqual(await src.listIncidents({ limit: 100 }));
    expect(await d.incidentTimeline(1)).toEqual(await src.incidentTimeline(1));
    expect(await d.listChannels()).toEqual(await src.listChannels());
    expect(await d.listRules()).toEqual(await src.listRules());
    expect(await d.listDeliveries(100)).toEqual(await src.listDeliveries(100));
    expect(await d.listMaintenance()).toEqual(await src.listMaintenance());
    expect(await d.getSetting('retention')).toEqual(await src.getSetting('retention'));
    expect(await d.listAuditPage(100)).toEqual(await src.listAuditPage(100));
    expect(await d.listStationDevices()).toEqual(await src.listStationDevices());
    const byStation = (xs: { stationId: string }[]) =>
      [...xs].sort((a, b) => (a.stationId < b.stationId ? -1 : 1));
    const period: [number, number] = [T0 - 86_400_000, T0 + 2 * 86_400_000];
    expect(byStation(await d.reportSamples(...period, DEFAULT_CALENDAR))).toEqual(
      byStation(await src.reportSamples(...period, DEFAULT_CALENDAR)),
    );

    // New rows get ids after the copied ones, and batches continue from the copied seq.
    const id = await d.createDelivery({
      channelId: 1,
      createdAt: 1,
      subject: 's',
      body: 'b',
      incidentIds: [],
    });
    expect(id).toBe(WARDS + 1);
    expect(
      await d.recordBatch({
        stationId: 's0',
        seq: BATCHES,
        offsetMs: 0,
        receivedAt: 1,
        records: [],
        probeSummary: { lastRttMs: null, lastProbeOk: null },
      }),
    ).toEqual({ duplicate: true, lastSeq: BATCHES });
  });

  it('refuses a target that is not empty (through the CLI), and bad arguments', async () => {
    const res = await run(process.execPath, [
      BIN,
      'migrate-data',
      '--from',
      `sqlite:${dbPath}`,
      '--to',
      url,
    ]).catch((err: { code: number; stderr: string }) => err);
    expect(res).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not empty \(table wards has rows\)/),
    });
    expect(await dst?.listWards()).toHaveLength(WARDS);

    expect(
      parseMigrateArgs(['--from', 'sqlite:/tmp/a.db', '--to', 'postgres://u@127.0.0.1/db']),
    ).toEqual({ from: '/tmp/a.db', to: 'postgres://u@127.0.0.1/db' });
    expect(() => parseMigrateArgs(['--from', '/tmp/a.db', '--to', 'postgres://x'])).toThrow(
      /expected sqlite:PATH/,
    );
    expect(() => parseMigrateArgs(['--from', 'sqlite:/a', '--to', 'mysql://x'])).toThrow(
      /expected postgres/,
    );
    expect(() => parseMigrateArgs(['--from', 'sqlite:/a'])).toThrow(/usage/);
    await expect(migrateData(join(dir.path, 'missing.db'), url)).rejects.toThrow();
  });
});
