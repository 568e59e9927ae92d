import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../server/src/cluster/messages.js';
import { PgBus } from '../../server/src/cluster/pg-bus.js';
import { PgLease } from '../../server/src/cluster/lease.js';
import { RecordsFeed } from '../../server/src/cluster/records-feed.js';
import type { CommittedBatch } from '../../server/src/services/context.js';
import { openPostgresStore } from '../../server/src/store/postgres/pg-store.js';
import type { BatchInput, Store } from '../../server/src/store/store.js';
import { channelName } from '../../server/src/cluster/pg-names.js';
import { parsePgUrl } from '../../server/src/store/postgres/pg-db.js';
import { TEST_PG_URL, dropSchema, freshSchema } from '../helpers/stores.js';
import { until } from '../helpers/wait.js';

// Channels and advisory locks are per database: a fresh schema name keeps this run apart.
const schema = freshSchema('cluster');
const target = parsePgUrl(`${TEST_PG_URL}?schema=${schema}`);
const POLL = { timeoutMs: 10_000, everyMs: 50 };

const log = { info() {}, warn() {}, error() {} };
const admin = new pg.Pool({ connectionString: target.connectionString, max: 1 });
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
afterAll(() => admin.end());

/** Terminate the backend(s) of a named connection, as a crash or a cut link would. */
async function killConnection(applicationName: string): Promise<number> {
  const res = await admin.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return res.rowCount ?? 0;
}

async function startBus(instanceId: string): Promise<{ bus: PgBus; got: ClusterEvent[] }> {
  const bus = new PgBus({ target, instanceId, log, reconnect: { baseMs: 50, capMs: 200 } });
  const got: ClusterEvent[] = [];
  bus.subscribe((e) => got.push(e));
  await bus.start();
  cleanup.push(() => bus.stop());
  return { bus, got };
}

const row = (i: number) => ({
  id: `st-${i}`,
  wardId: 'w1',
  hostname: `máy-${i}`,
  lastSeenAt: i,
  lastRttMs: null,
  lastProbeOk: null,
});

describe('PgBus (LISTEN/NOTIFY)', () => {
  it('delivers to every other instance, in order, and not back to the sender', async () => {
    const a = await startBus('a');
    const b = await startBus('b');
    const c = await startBus('c');
    a.bus.publish({ type: 'targets', wardId: 'w1' });
    a.bus.publish({ type: 'incident', change: 'opened', id: 7 });
    a.bus.publish({ type: 'agent_config', wardId: null });
    b.bus.publish({ type: 'detector_settings' });
    // Each listener is its own connection: wait for all three, a included (its one event
    // from b could lag behind b's and c's deliveries under load, and failed that way once).
    await until(
      'b and c got a’s three events, a and c got b’s one',
      async () => (b.got.length >= 3 && c.got.length >= 4 && a.got.length >= 1 ? true : undefined),
      POLL,
    );
    expect(b.got).toEqual([
      { type: 'targets', wardId: 'w1' },
      { type: 'incident', change: 'opened', id: 7 },
      { type: 'agent_config', wardId: null },
    ]);
    // One sender's events keep their order; two senders' interleave as their commits did.
    expect(c.got.filter((e) => e.type !== 'detector_settings')).toEqual(b.got);
    expect(c.got).toContainEqual({ type: 'detector_settings' });
    expect(a.got).toEqual([{ type: 'detector_settings' }]);
  });

  it('splits a big station list over several notifications and reassembles every row', async () => {
    const a = await startBus('a');
    const b = await startBus('b');
    const rows = Array.from({ length: 2000 }, (_, i) => row(i));
    a.bus.publish({ type: 'stations', rows });
    const received = await until(
      'all 2000 rows',
      async () => {
        const ids = b.got.flatMap((e) => (e.type === 'stations' ? e.rows.map((r) => r.id) : []));
        return ids.length >= rows.length ? ids : undefined;
      },
      POLL,
    );
    expect(received).toEqual(rows.map((r) => r.id));
    expect(b.got.length).toBeGreaterThan(10);
  });

  it('ignores a malformed payload from outside and keeps listening', async () => {
    const b = await startBus('b');
    await admin.query('SELECT pg_notify($1, $2)', [channelName(schema), '{"v":1,"from":"x"}']);
    await admin.query('SELECT pg_notify($1, $2)', [channelName(schema), 'not json']);
    const a = await startBus('a');
    a.bus.publish({ type: 'targets', wardId: null });
    await until('the valid event', async () => (b.got.length > 0 ? true : undefined), POLL);
    expect(b.got).toEqual([{ type: 'targets', wardId: null }]);
    expect(b.bus.stats.rejected).toBe(2);
  });

  it('re-listens after its connection is killed', async () => {
    const a = await startBus('a');
    const b = await startBus('b');
    expect(await killConnection('wardwatch-listen:b')).toBe(1);
    await until('b reconnected', async () => (b.bus.stats.reconnects > 0 ? true : undefined), POLL);
    a.bus.publish({ type: 'disconnect', stationId: 'st-1', reason: 'credential revoked' });
    await until('event after reconnect', async () => (b.got.length > 0 ? true : undefined), POLL);
    expect(b.got).toEqual([
      { type: 'disconnect', stationId: 'st-1', reason: 'credential revoked' },
    ]);
  });
});

describe('PgLease (advisory lock)', () => {
  function startLease(instanceId: string) {
    const changes: boolean[] = [];
    const lease = new PgLease({ target, instanceId, log, retryMs: 100, name: 'lease-test' });
    cleanup.push(() => lease.stop());
    return { lease, changes, started: lease.start((l) => void changes.push(l)) };
  }

  it('has one holder; the other takes over when the holder’s connection dies', async () => {
    const a = startLease('la');
    await a.started;
    expect(a.lease.isLeader).toBe(true);
    const b = startLease('lb');
    await b.started;
    // Several retries later, still only one leader.
    await new Promise((r) => setTimeout(r, 400));
    expect(b.lease.isLeader).toBe(false);
    expect(b.changes).toEqual([]);

    expect(await killConnection('wardwatch-lease:la')).toBe(1);
    await until('b leads', async () => (b.lease.isLeader ? true : undefined), POLL);
    await until('a knows it lost', async () => (!a.lease.isLeader ? true : undefined), POLL);
    expect(a.changes).toEqual([true, false]);
    expect(b.changes).toEqual([true]);
    // a reconnects but cannot take the lock back while b holds it.
    await new Promise((r) => setTimeout(r, 400));
    expect(a.lease.isLeader).toBe(false);
  });

  it('hands over on a clean stop too', async () => {
    const a = startLease('sa');
    await a.started;
    const b = startLease('sb');
    await b.started;
    expect([a.lease.isLeader, b.lease.isLeader]).toEqual([true, false]);
    await a.lease.stop();
    expect(a.changes).toEqual([true, false]);
    await until('b leads', async () => (b.lease.isLeader ? true : undefined), POLL);
  });
});

describe('RecordsFeed (the leader reads every instance’s records)', () => {
  const feedSchema = freshSchema('feed');
  const url = `${TEST_PG_URL}?schema=${feedSchema}`;
  const feedTarget = parsePgUrl(url);
  afterAll(() => dropSchema(feedSchema));

  async function enroll(s: Store, wardId: string, stationId: string): Promise<void> {
    await s.createEnrollmentToken({
      tokenHash: `t-${stationId}`,
      wardId,
      createdAt: 1,
      expiresAt: 9e12,
    });
    await s.enrollStation({
      tokenHash: `t-${stationId}`,
      now: 2,
      stationId,
      hostname: 'pc',
      credentialHash: `c-${stationId}`,
    });
  }

  const input = (stationId: string, seq: number): BatchInput => ({
    stationId,
    seq,
    offsetMs: 7,
    receivedAt: Date.now(),
    records: [0, 1, 2].map((i) => ({
      kind: 'probe' as const,
      at: 1_700_000_000_000 + seq * 10 + i,
      target: 'x',
      probe: 'tcp' as const,
      ok: true,
      rttMs: { min: 1, avg: 1, max: 1, mdev: 0 },
      sent: 1,
      received: 1,
      lossPct: 0,
    })),
    probeSummary: { lastRttMs: null, lastProbeOk: null },
  });

  it('hands on every record of two concurrent writers once, in order, across a resume', async () => {
    // Two "instances": two stores (two pools) on one schema, writing at the same time.
    const one = await openPostgresStore(url);
    const two = await openPostgresStore(url);
    cleanup.push(async () => {
      await one.close();
      await two.close();
    });
    await one.createWard({ id: 'w1', name: 'Phường Nghĩa Chánh', createdAt: 1 });
    const stations = ['s1', 's2', 's3', 's4'];
    for (const id of stations) await enroll(one, 'w1', id);

    const seen: string[] = [];
    let saved: number | null = null;
    const startFeed = () => {
      const feed = new RecordsFeed({
        target: feedTarget,
        log,
        pollMs: 5,
        pageRows: 7,
        checkpointMs: 20,
        loadCursor: () => saved,
        saveCursor: (c) => {
          saved = c;
        },
        onBatches: (bs: CommittedBatch[]) => {
          for (const b of bs) {
            expect(b.offsetMs).toBe(7);
            expect(b.wardId).toBe('w1');
            for (const r of b.records) seen.push(`${b.stationId}:${r.at}`);
          }
        },
      });
      return feed;
    };
    let feed = startFeed();
    await feed.start();
    const BATCHES = 60;
    // Each writer commits a tick of two stations' batches at a time, both writers racing.
    const writer = async (s: Store, ids: string[]) => {
      for (let seq = 1; seq <= BATCHES; seq++)
        await s.recordBatches(ids.map((id) => input(id, seq)));
    };
    const writing = Promise.all([writer(one, ['s1', 's2']), writer(two, ['s3', 's4'])]);
    // Halfway, the leader changes: the feed stops (saving its cursor) and a new one resumes.
    await until('half the records seen', async () => (seen.length >= 360 ? true : undefined), POLL);
    await feed.stop();
    feed = startFeed();
    await feed.start();
    await writing;
    const total = stations.length * BATCHES * 3;
    await until('every record seen', async () => (seen.length >= total ? true : undefined), POLL);
    await new Promise((r) => setTimeout(r, 100));
    await feed.stop();
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    // Per station, records arrive in the order they were committed.
    for (const id of stations) {
      const ats = seen.filter((k) => k.startsWith(`${id}:`)).map((k) => Number(k.split(':')[1]));
      expect(ats).toEqual([...ats].sort((x, y) => x - y));
    }
  });
});
