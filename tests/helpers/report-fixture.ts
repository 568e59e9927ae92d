import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentRecord, Attribution, DetectedIncident, IncidentKind } from '@wardwatch/shared';
import { RollupWriter } from '../../server/src/reports/rollup-writer.js';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/src/store/store.js';

/** tests/fixtures/reports/october-2026: 3 wards, hand-computed figures in its README. */
export const REPORT_FIXTURE_DIR = fileURLToPath(
  new URL('../fixtures/reports/october-2026/', import.meta.url),
);

export interface ReportFixture {
  period: { from: number; to: number };
  now: number;
  wards: { id: string; name: string; station: string; lastSeenAt: number | null }[];
  targets: { id: string; name: string; probe: 'icmp'; host: string; intervalMs: number }[];
  maintenance: {
    name: string;
    startsAt: number;
    endsAt: number;
    recurrence: 'none';
    until: null;
    wardId: string | null;
    target: string | null;
  }[];
  incidents: {
    ward: string;
    station: string;
    kind: IncidentKind;
    startedAt: number;
    endedAt: number | null;
    attribution: Attribution;
    target?: string;
    resource?: 'cpu' | 'mem' | 'disk';
  }[];
  batches: { station: string; offsetMs: number; records: AgentRecord[] }[];
}

export const loadReportFixture = (): ReportFixture =>
  JSON.parse(readFileSync(join(REPORT_FIXTURE_DIR, 'fixture.json'), 'utf8')) as ReportFixture;

/**
 * Writes the fixture into a store: wards, stations, targets, the maintenance window, the
 * incidents, and the records through the same rollup path as live ingest (each station's
 * records in two flushes, so a re-flushed bucket is exercised).
 */
export async function seedReportFixture(store: Store, fx: ReportFixture): Promise<void> {
  for (const w of fx.wards) {
    await store.createWard({ id: w.id, name: w.name, createdAt: 0 });
    await store.createEnrollmentToken({
      tokenHash: `tok-${w.id}`,
      wardId: w.id,
      createdAt: 0,
      expiresAt: fx.now * 2,
    });
    await store.enrollStation({
      tokenHash: `tok-${w.id}`,
      now: 1,
      stationId: w.station,
      hostname: `pc-${w.id}`,
      credentialHash: `cred-${w.id}`,
    });
    if (w.lastSeenAt !== null) await store.touchStation(w.station, w.lastSeenAt);
  }
  for (const t of fx.targets) await store.createTarget({ ...t, createdAt: 0 });
  for (const m of fx.maintenance) await store.createMaintenance({ ...m, createdAt: 0 });
  const upserts: DetectedIncident[] = fx.incidents.map((i) => {
    const subject = `${i.station}|${i.target ?? i.resource ?? ''}`;
    const d: DetectedIncident = {
      key: `${subject}|${i.kind}|${i.startedAt}`,
      subject,
      kind: i.kind,
      wardId: i.ward,
      stationId: i.station,
      startedAt: i.startedAt,
      endedAt: i.endedAt,
      detail: {},
      attribution: i.attribution,
      evidence: {},
      severity: 'warning',
    };
    if (i.target !== undefined) d.target = i.target;
    if (i.resource !== undefined) d.resource = i.resource;
    return d;
  });
  await store.applyIncidentChanges({ upserts, removes: [], at: fx.now });
  const silent = { info() {}, warn() {}, error() {} };
  const rollups = new RollupWriter({
    store,
    clock: { now: () => fx.now },
    log: silent,
    flushMs: 60_000,
  });
  for (const b of fx.batches) {
    const wardId = fx.wards.find((w) => w.station === b.station)?.id ?? '';
    const half = Math.ceil(b.records.length / 2);
    for (const records of [b.records.slice(0, half), b.records.slice(half)]) {
      rollups.enqueue({ stationId: b.station, wardId, offsetMs: b.offsetMs, records });
      await rollups.flush();
    }
  }
}

/** Seeds the fixture into a running server's SQLite file, through a second connection (WAL). */
export async function seedReportFixtureAt(dbPath: string, fx: ReportFixture): Promise<void> {
  const store = openSqliteStore(dbPath);
  try {
    await seedReportFixture(store, fx);
  } finally {
    await store.close();
  }
}
