import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR,
  foldRecords,
  type AgentRecord,
  type BucketAgg,
  type DetectedIncident,
} from '@wardwatch/shared';
import { openPostgresStore } from '../../server/src/store/postgres/pg-store.js';
import type { Store } from '../../server/src/store/store.js';
import type { BatchInput } from '../../server/src/store/store.js';
import {
  openTestPostgres,
  openTestSqlite,
  TEST_PG_URL,
  type OpenedStore,
} from '../helpers/stores.js';

/**
 * One contract for the `Store` port, run on every engine: SQLite (temp file) and the real
 * PostgreSQL (a fresh schema, dropped afterwards). Each test makes its own ids.
 */
const backends: [string, () => Promise<OpenedStore>][] = [
  ['sqlite', openTestSqlite],
  ['postgres', () => openTestPostgres('contract')],
];

const DAY = 86_400_000;
// A Monday 00:00 in Asia/Ho_Chi_Minh (UTC+7).
const MONDAY = Date.UTC(2026, 10, 16) - 7 * 3_600_000;
const H = 3_600_000;

let n = 0;
const uid = (p: string) => `${p}-${++n}`;

const probe = (at: number, target: string, ok: boolean, avg = 10): AgentRecord => ({
  kind: 'probe',
  at,
  target,
  probe: 'icmp',
  ok,
  ...(ok ? { rttMs: { min: avg - 1, avg, max: avg + 1, mdev: 0.5 } } : {}),
  sent: 3,
  received: ok ? 3 : 0,
  lossPct: ok ? 0 : 100,
});
const sys = (at: number, cpuPct = 5): AgentRecord => ({
  kind: 'sys',
  at,
  cpuPct,
  memUsedBytes: 1_000,
  memTotalBytes: 4_000,
  disks: [],
  uptimeSec: 60,
});
const batch = (
  stationId: string,
  seq: number,
  records: AgentRecord[],
  offsetMs = 0,
): BatchInput => ({
  stationId,
  seq,
  offsetMs,
  receivedAt: MONDAY + seq,
  records,
  probeSummary: { lastRttMs: null, lastProbeOk: null },
});

/** An enrollment token for `wardId`, issued at t = 1. */
const issueToken = (s: Store, tokenHash: string, wardId: string, expiresAt = 100) =>
  s.createEnrollmentToken({ tokenHash, wardId, createdAt: 1, expiresAt });

async function station(s: Store, wardId?: string) {
  const ward = wardId ?? uid('ward');
  if (!wardId) await s.createWard({ id: ward, name: `Phường ${ward}`, createdAt: 1 });
  const id = uid('st');
  const token = uid('tok');
  await issueToken(s, token, ward, 10_000);
  await s.enrollStation({
    tokenHash: token,
    now: 2,
    stationId: id,
    hostname: 'pc',
    credentialHash: uid('cred'),
  });
  return { id, ward };
}

const incident = (over: Partial<DetectedIncident> & { subject: string }): DetectedIncident => ({
  key: '',
  kind: 'link_down',
  wardId: 'w',
  startedAt: MONDAY,
  endedAt: null,
  detail: { rounds: 3 },
  attribution: 'local_link',
  evidence: { gateway: false },
  severity: 'critical',
  ...over,
});

describe.each(backends)('Store contract on %s', (_name, open) => {
  let opened: OpenedStore;
  let s: Store;
  beforeAll(async () => {
    opened = await open();
    s = opened.store;
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('users and sessions: create, read, expiry, update, delete', async () => {
    const before = await s.countUsers();
    const admins = await s.countAdmins();
    const ward = uid('ward');
    await s.createWard({ id: ward, name: 'W', createdAt: 1 });
    const alice = uid('alice');
    await s.createUser({
      username: alice,
      passwordHash: 'h1',
      role: 'admin',
      wardId: null,
      createdAt: 5,
    });
    await s.createUser({
      username: uid('bob'),
      passwordHash: 'h2',
      role: 'officer',
      wardId: ward,
      createdAt: 6,
    });
    expect(await s.countUsers()).toBe(before + 2);
    expect(await s.countAdmins()).toBe(admins + 1);
    expect(await s.getUser(alice)).toEqual({
      username: alice,
      passwordHash: 'h1',
      role: 'admin',
      wardId: null,
    });
    expect(await s.getUser('nobody')).toBeNull();
    await expect(
      s.createUser({
        username: alice,
        passwordHash: 'x',
        role: 'viewer',
        wardId: null,
        createdAt: 7,
      }),
    ).rejects.toThrow();

    await s.createSession({
      tokenHash: 'old',
      username: alice,
      csrfToken: 'c0',
      createdAt: 10,
      expiresAt: 20,
    });
    await s.createSession({
      tokenHash: uid('sess'),
      username: alice,
      csrfToken: 'c1',
      createdAt: 100,
      expiresAt: 200,
    });
    // Creating a session purges expired ones.
    expect(await s.getSession('old', 15)).toBeNull();
    const tok = uid('sess');
    await s.createSession({
      tokenHash: tok,
      username: alice,
      csrfToken: 'c2',
      createdAt: 100,
      expiresAt: 200,
    });
    expect(await s.getSession(tok, 199)).toEqual({
      username: alice,
      role: 'admin',
      wardId: null,
      csrfToken: 'c2',
      expiresAt: 200,
    });
    expect(await s.getSession(tok, 200)).toBeNull();
    await s.deleteSession(tok);
    expect(await s.getSession(tok, 150)).toBeNull();

    expect(await s.updateUser(alice, { role: 'officer', wardId: ward, passwordHash: 'h9' })).toBe(
      true,
    );
    expect(await s.getUser(alice)).toEqual({
      username: alice,
      passwordHash: 'h9',
      role: 'officer',
      wardId: ward,
    });
    expect(await s.updateUser(alice, {})).toBe(true);
    expect(await s.updateUser('nobody', {})).toBe(false);
    expect(await s.updateUser('nobody', { role: 'viewer' })).toBe(false);
    const listed = await s.listUsers();
    expect(listed.find((u) => u.username === alice)).toEqual({
      username: alice,
      role: 'officer',
      wardId: ward,
      createdAt: 5,
    });
    const names = listed.map((u) => u.username);
    expect(names).toEqual([...names].sort());

    const t2 = uid('sess');
    await s.createSession({
      tokenHash: t2,
      username: alice,
      csrfToken: 'c',
      createdAt: 100,
      expiresAt: 300,
    });
    expect(await s.deleteUserSessions(alice)).toBe(2);
    await s.createSession({
      tokenHash: t2,
      username: alice,
      csrfToken: 'c',
      createdAt: 100,
      expiresAt: 300,
    });
    expect(await s.deleteUser(alice)).toBe(true);
    expect(await s.deleteUser(alice)).toBe(false);
    expect(await s.getSession(t2, 150)).toBeNull();
  });

  it('wards: create, read, byte-ordered list, duplicates refused', async () => {
    const a = uid('Zed');
    const b = uid('abc');
    await s.createWard({ id: b, name: 'Phường Trần Phú', createdAt: 1 });
    await s.createWard({ id: a, name: 'Xã Tịnh Ấn Tây', district: 'TP Quảng Ngãi', createdAt: 1 });
    expect(await s.getWard(a)).toEqual({
      id: a,
      name: 'Xã Tịnh Ấn Tây',
      district: 'TP Quảng Ngãi',
    });
    expect(await s.getWard(b)).toEqual({ id: b, name: 'Phường Trần Phú' });
    expect(await s.getWard('none')).toBeNull();
    const ids = (await s.listWards()).map((w) => w.id);
    // Upper case sorts before lower case (binary order), as in SQLite.
    expect(ids.indexOf(a)).toBeLessThan(ids.indexOf(b));
    await expect(s.createWard({ id: a, name: 'again', createdAt: 2 })).rejects.toThrow();
  });

  it('wards: rename and change the district; unknown ids report false', async () => {
    const id = uid('ward');
    await s.createWard({ id, name: 'Phường Trần Phú', district: 'TP', createdAt: 1 });
    expect(await s.updateWard({ id, name: 'Phường Trần Phú (mới)' })).toBe(true);
    expect(await s.getWard(id)).toEqual({ id, name: 'Phường Trần Phú (mới)' });
    expect(await s.updateWard({ id: uid('none'), name: 'x' })).toBe(false);
  });

  it('enrollment: a token works once, not after expiry, not when unknown, not twice at once', async () => {
    const ward = uid('ward');
    await s.createWard({ id: ward, name: 'W', createdAt: 1 });
    await issueToken(s, 'once' + ward, ward);
    const e = (tokenHash: string, now: number) =>
      s.enrollStation({
        tokenHash,
        now,
        stationId: uid('st'),
        hostname: 'h',
        credentialHash: uid('cred'),
      });
    expect(await e('once' + ward, 50)).toEqual({ wardId: ward });
    expect(await e('once' + ward, 51)).toBeNull();
    await issueToken(s, 'exp' + ward, ward);
    expect(await e('exp' + ward, 100)).toBeNull();
    expect(await e('unknown', 1)).toBeNull();

    await issueToken(s, 'race' + ward, ward);
    const results = await Promise.all(Array.from({ length: 6 }, () => e('race' + ward, 10)));
    expect(results.filter((r) => r !== null)).toEqual([{ wardId: ward }]);
    expect((await s.listStations(ward)).length).toBe(2);

    // A station that cannot be created leaves the token unused.
    await issueToken(s, 'dup' + ward, ward);
    const taken = uid('cred');
    await issueToken(s, 'first' + ward, ward);
    await s.enrollStation({
      tokenHash: 'first' + ward,
      now: 5,
      stationId: uid('st'),
      hostname: 'h',
      credentialHash: taken,
    });
    await expect(
      s.enrollStation({
        tokenHash: 'dup' + ward,
        now: 5,
        stationId: uid('st'),
        hostname: 'h',
        credentialHash: taken,
      }),
    ).rejects.toThrow();
    expect(await e('dup' + ward, 6)).toEqual({ wardId: ward });
  });

  it('stations: credentials, hello, touch, list, revoke and rotate', async () => {
    const ward = uid('ward');
    await s.createWard({ id: ward, name: 'W', createdAt: 1 });
    await issueToken(s, 't' + ward, ward);
    const id = uid('st');
    await s.enrollStation({
      tokenHash: 't' + ward,
      now: 3,
      stationId: id,
      hostname: 'pc-1',
      credentialHash: 'c-' + id,
    });
    expect(await s.getStationByCredential('c-' + id)).toEqual({
      id,
      wardId: ward,
      revokedAt: null,
      lastSeq: 0,
    });
    expect(await s.getStationByCredential('nope')).toBeNull();
    expect(await s.getStationRow(id)).toEqual({
      id,
      wardId: ward,
      hostname: 'pc-1',
      lastSeenAt: null,
      lastRttMs: null,
      lastProbeOk: null,
    });
    expect(
      await s.recordHello({
        stationId: id,
        hostname: 'pc-2',
        agentVersion: '1.0',
        os: 'linux',
        at: 40,
      }),
    ).toBe(0);
    expect(
      await s.recordHello({ stationId: 'none', hostname: 'x', agentVersion: '1', os: 'l', at: 1 }),
    ).toBe(0);
    await s.touchStation(id, 45);
    expect(await s.getStationRow(id)).toMatchObject({ hostname: 'pc-2', lastSeenAt: 45 });
    expect(await s.getStationRow('none')).toBeNull();
    const second = (await station(s, ward)).id;
    expect((await s.listStations(ward)).map((r) => r.id)).toEqual([id, second].sort());
    expect((await s.listStations()).map((r) => r.id)).toEqual(expect.arrayContaining([id, second]));

    expect(await s.revokeStation(id, 50)).toBe(true);
    expect(await s.revokeStation('none', 50)).toBe(false);
    expect(await s.getStationByCredential('c-' + id)).toMatchObject({ revokedAt: 50 });
    expect(await s.rotateStationCredential(id, 'new-' + id)).toBe(true);
    expect(await s.rotateStationCredential('none', 'x')).toBe(false);
    expect(await s.getStationByCredential('c-' + id)).toBeNull();
    expect(await s.getStationByCredential('new-' + id)).toEqual({
      id,
      wardId: ward,
      revokedAt: null,
      lastSeq: 0,
    });
  });

  it('batches: order, duplicates, replay, probe summary, all-or-nothing', async () => {
    const { id, ward } = await station(s);
    const r1 = await s.recordBatch({
      ...batch(id, 1, [probe(MONDAY, 'gw', true, 12)]),
      probeSummary: { lastRttMs: 12, lastProbeOk: true },
    });
    expect(r1).toEqual({
      duplicate: false,
      lastSeq: 1,
      station: {
        id,
        wardId: ward,
        hostname: 'pc',
        lastSeenAt: MONDAY + 1,
        lastRttMs: 12,
        lastProbeOk: true,
      },
    });
    expect(await s.recordBatch(batch(id, 1, [sys(MONDAY)]))).toEqual({
      duplicate: true,
      lastSeq: 1,
    });
    // A forward gap is accepted; a lower seq afterwards is a duplicate.
    const r3 = await s.recordBatch(batch(id, 3, [sys(MONDAY + 1000)]));
    expect(r3).toMatchObject({
      duplicate: false,
      lastSeq: 3,
      station: { lastRttMs: 12, lastProbeOk: true },
    });
    expect(await s.recordBatch(batch(id, 2, [sys(MONDAY + 2000)]))).toEqual({
      duplicate: true,
      lastSeq: 3,
    });

    const many = await s.recordBatches([
      batch(id, 4, [sys(MONDAY + 4000), sys(MONDAY + 4001)]),
      batch(id, 4, [sys(MONDAY + 9999)]),
      {
        ...batch(id, 5, [probe(MONDAY + 5000, 'gw', false)]),
        probeSummary: { lastRttMs: null, lastProbeOk: false },
      },
    ]);
    expect(many.map((r) => [r.duplicate, r.lastSeq])).toEqual([
      [false, 4],
      [true, 4],
      [false, 5],
    ]);
    expect(many[2]).toMatchObject({ station: { lastRttMs: 12, lastProbeOk: false } });
    expect((await s.getStationByCredential((await credOf(s, id)) ?? ''))?.lastSeq).toBe(5);
    expect(
      await s.recordHello({ stationId: id, hostname: 'pc', agentVersion: '1', os: 'l', at: 9 }),
    ).toBe(5);

    // One bad batch (unknown station) rolls back the whole call.
    await expect(
      s.recordBatches([
        batch(id, 6, [sys(MONDAY + 6000)]),
        batch('no-such-station', 1, [sys(MONDAY)]),
      ]),
    ).rejects.toThrow(/vanished/);
    expect(await s.recordBatch(batch(id, 5, [sys(MONDAY)]))).toEqual({
      duplicate: true,
      lastSeq: 5,
    });
    const stored = await s.listRecords({ stationId: id, limit: 100 });
    expect(stored.map((r) => [r.seq, r.t])).toEqual([
      [1, MONDAY],
      [3, MONDAY + 1000],
      [4, MONDAY + 4000],
      [4, MONDAY + 4001],
      [5, MONDAY + 5000],
    ]);
    expect(stored[0]?.record).toEqual(probe(MONDAY, 'gw', true, 12));

    // 1000 records in one batch (the protocol's limit) land in order.
    const big = Array.from({ length: 1000 }, (_, i) => sys(MONDAY + DAY + i, i % 100));
    await s.recordBatch(batch(id, 7, big));
    const got = await s.listRecords({ stationId: id, from: MONDAY + DAY, limit: 2000 });
    expect(got.map((r) => r.record)).toEqual(big);
  });

  it('records and series: filters by station, ward, kind, time, limit; clock offsets', async () => {
    const { id, ward } = await station(s);
    const other = await station(s);
    const offset = 30_000;
    await s.recordBatch(
      batch(
        id,
        1,
        [
          probe(MONDAY, 'gw', true, 10),
          probe(MONDAY + 60_000, 'gw', false),
          probe(MONDAY + 120_000, 'dc', true, 30),
          sys(MONDAY + 90_000, 40),
        ],
        offset,
      ),
    );
    await s.recordBatch(batch(other.id, 1, [sys(MONDAY + 1, 99)]));
    const all = await s.listRecords({ wardId: ward, limit: 100 });
    expect(all.map((r) => r.t)).toEqual(
      [0, 60_000, 90_000, 120_000].map((d) => MONDAY + d + offset),
    );
    expect(all.every((r) => r.stationId === id)).toBe(true);
    expect(
      (await s.listRecords({ stationId: id, kind: 'sys', limit: 10 })).map((r) => r.record.kind),
    ).toEqual(['sys']);
    const window = await s.listRecords({
      stationId: id,
      from: MONDAY + offset + 60_000,
      to: MONDAY + offset + 120_000,
      limit: 10,
    });
    expect(window.map((r) => r.t - offset - MONDAY)).toEqual([60_000, 90_000]);
    expect(await s.listRecords({ stationId: id, limit: 2 })).toHaveLength(2);

    const range = { stationId: id, from: MONDAY, to: MONDAY + DAY };
    expect(await s.seriesSamples({ ...range, metric: 'rtt', target: 'gw' })).toEqual([
      { t: MONDAY + offset, avg: 10, min: 9, max: 11 },
    ]);
    expect((await s.seriesSamples({ ...range, metric: 'rtt' })).map((x) => x.avg)).toEqual([
      10, 30,
    ]);
    expect(
      (await s.seriesSamples({ ...range, metric: 'loss', target: 'gw' })).map((x) => x.avg),
    ).toEqual([0, 100]);
    expect(await s.seriesSamples({ ...range, metric: 'cpu' })).toEqual([
      { t: MONDAY + 90_000 + offset, avg: 40, min: 40, max: 40 },
    ]);
    expect((await s.seriesSamples({ ...range, metric: 'mem' }))[0]?.avg).toBeCloseTo(25);
  });

  it('targets: global and per-ward, in id order', async () => {
    const ward = uid('ward');
    await s.createWard({ id: ward, name: 'W', createdAt: 1 });
    const g = uid('tg');
    const w = uid('tw');
    await s.createTarget({
      id: g,
      name: 'CSDLQG',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 443,
      intervalMs: 30_000,
      createdAt: 1,
    });
    await s.createTarget({
      id: w,
      name: 'Gateway',
      probe: 'http',
      url: 'http://127.0.0.1/',
      intervalMs: 10_000,
      timeoutMs: 2_000,
      wardId: ward,
      createdAt: 1,
    });
    expect(await s.getTarget(g)).toEqual({
      id: g,
      name: 'CSDLQG',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 443,
      intervalMs: 30_000,
    });
    expect(await s.getTarget(w)).toEqual({
      id: w,
      name: 'Gateway',
      probe: 'http',
      url: 'http://127.0.0.1/',
      intervalMs: 10_000,
      timeoutMs: 2_000,
      wardId: ward,
    });
    expect(await s.getTarget('none')).toBeNull();
    const mine = (await s.listTargets(ward)).map((t) => t.id);
    expect(mine).toEqual(expect.arrayContaining([g, w]));
    expect(mine).toEqual([...mine].sort());
    expect((await s.listTargets('other-ward')).map((t) => t.id)).not.toContain(w);
    expect((await s.listTargets()).map((t) => t.id)).toEqual(expect.arrayContaining([g, w]));
  });

  it('targets: edit, delete keeps history for reports, re-create revives, live ids conflict', async () => {
    const ward = uid('ward');
    await s.createWard({ id: ward, name: 'W', createdAt: 1 });
    const id = uid('te');
    const base = { id, name: 'Cổng DVC', probe: 'tcp' as const, host: '10.0.0.1', port: 443 };
    await s.createTarget({ ...base, intervalMs: 30_000, timeoutMs: 5_000, createdAt: 1 });
    await expect(s.createTarget({ ...base, intervalMs: 1000, createdAt: 2 })).rejects.toThrow();

    // An edit replaces every field: what is left out is cleared.
    const edited = {
      ...base,
      probe: 'http' as const,
      url: 'https://dvc/',
      intervalMs: 60_000,
      wardId: ward,
    };
    delete (edited as { host?: string }).host;
    expect(await s.updateTarget(edited)).toBe(true);
    expect(await s.getTarget(id)).toEqual(edited);
    expect(await s.updateTarget({ ...edited, id: uid('none') })).toBe(false);

    expect(await s.deleteTarget(id, 1_000)).toBe(true);
    expect(await s.deleteTarget(id, 1_001)).toBe(false);
    expect(await s.deleteTarget(uid('none'), 1_000)).toBe(false);
    expect(await s.getTarget(id)).toBeNull();
    expect(await s.updateTarget(edited)).toBe(false);
    expect((await s.listTargets()).map((t) => t.id)).not.toContain(id);
    expect((await s.listTargets(ward)).map((t) => t.id)).not.toContain(id);
    // Reports of periods that began before the delete still name it; later ones do not.
    expect((await s.listTargetsLiveSince(999)).find((t) => t.id === id)).toEqual(edited);
    expect((await s.listTargetsLiveSince(1_000)).map((t) => t.id)).not.toContain(id);

    // The same id again brings the target back with the new fields.
    await s.createTarget({ ...base, intervalMs: 10_000, createdAt: 2_000 });
    expect(await s.getTarget(id)).toEqual({ ...base, intervalMs: 10_000 });
    expect((await s.listTargetsLiveSince(5_000)).map((t) => t.id)).toContain(id);
  });

  it('incidents: upsert identity, close, reopen, retract, filters, paging, ack, notes, timeline', async () => {
    const ward = uid('ward');
    const subj = uid('subj');
    const base = incident({ subject: subj, wardId: ward, stationId: 'st', target: 'gw' });
    const [opened] = await s.applyIncidentChanges({
      upserts: [base],
      removes: [],
      at: MONDAY + 10,
    });
    expect(opened?.change).toBe('opened');
    const id = opened?.row.id ?? 0;
    expect(opened?.row).toMatchObject({
      subject: subj,
      kind: 'link_down',
      wardId: ward,
      stationId: 'st',
      target: 'gw',
      startedAt: MONDAY,
      endedAt: null,
      acknowledged: false,
      evidence: { gateway: false },
      detail: { rounds: 3 },
    });
    expect(opened?.row).not.toHaveProperty('category');
    // The same incident again changes nothing.
    expect(await s.applyIncidentChanges({ upserts: [base], removes: [], at: MONDAY + 11 })).toEqual(
      [],
    );
    // Same evidence with keys in another order is the same evidence.
    const evidence2 = { gateway: false, peers: 3 };
    const upd = await s.applyIncidentChanges({
      upserts: [{ ...base, evidence: evidence2, attribution: 'upstream' }],
      removes: [],
      at: MONDAY + 12,
    });
    expect(upd.map((c) => [c.change, c.row.id, c.row.attribution])).toEqual([
      ['updated', id, 'upstream'],
    ]);
    const closed = await s.applyIncidentChanges({
      upserts: [{ ...base, evidence: evidence2, attribution: 'upstream', endedAt: MONDAY + H }],
      removes: [],
      at: MONDAY + 13,
    });
    expect(closed.map((c) => [c.change, c.row.endedAt])).toEqual([['closed', MONDAY + H]]);
    const reopened = await s.applyIncidentChanges({
      upserts: [{ ...base, evidence: evidence2, attribution: 'upstream' }],
      removes: [],
      at: MONDAY + 14,
    });
    expect(reopened.map((c) => [c.change, c.row.endedAt])).toEqual([['updated', null]]);
    await s.applyIncidentChanges({
      upserts: [{ ...base, evidence: evidence2, attribution: 'upstream', endedAt: MONDAY + 2 * H }],
      removes: [],
      at: MONDAY + 15,
    });

    // Others: an open one in another kind, a closed earlier one, and one to retract.
    const later = incident({
      subject: subj,
      wardId: ward,
      kind: 'link_degraded',
      startedAt: MONDAY + 3 * H,
      severity: 'warning',
      // A flapping link: the down runs it held back, the last one under way.
      detail: {
        reason: 'flapping',
        downSpans: [[MONDAY + 3 * H, MONDAY + 3 * H + 90_000]],
        downSince: MONDAY + 3 * H + 360_000,
      },
    });
    const early = incident({
      subject: subj,
      wardId: ward,
      startedAt: MONDAY - DAY,
      endedAt: MONDAY - DAY + H,
    });
    const gone = incident({ subject: uid('subj'), wardId: ward, startedAt: MONDAY + 4 * H });
    const applied = await s.applyIncidentChanges({
      upserts: [later, early, gone],
      removes: [],
      at: MONDAY + 16,
    });
    expect(applied.map((c) => c.change)).toEqual(['opened', 'closed', 'opened']);
    const retracted = await s.applyIncidentChanges({
      upserts: [],
      removes: [gone, incident({ subject: 'never' })],
      at: MONDAY + 17,
    });
    expect(retracted.map((c) => [c.change, c.row.subject])).toEqual([['retracted', gone.subject]]);

    const list = (f: Partial<Parameters<Store['listIncidents']>[0]>) =>
      s
        .listIncidents({ wardId: ward, limit: 50, ...f })
        .then((rows) => rows.map((r) => r.startedAt));
    expect(await list({})).toEqual([MONDAY + 3 * H, MONDAY, MONDAY - DAY]);
    expect(await list({ open: true })).toEqual([MONDAY + 3 * H]);
    expect(await list({ open: false })).toEqual([MONDAY, MONDAY - DAY]);
    expect(await list({ kind: 'link_degraded' })).toEqual([MONDAY + 3 * H]);
    // Overlap: ended after `from`, started before `to`.
    expect(await list({ from: MONDAY + H, to: MONDAY + 3 * H })).toEqual([MONDAY]);
    expect(await list({ from: MONDAY + 2 * H, to: MONDAY + 3 * H + 1 })).toEqual([MONDAY + 3 * H]);
    const page1 = await s.listIncidents({ wardId: ward, limit: 2 });
    const last = page1[1];
    expect(last).toBeDefined();
    const page2 = await s.listIncidents({
      wardId: ward,
      limit: 2,
      after: { startedAt: last?.startedAt ?? 0, id: last?.id ?? 0 },
    });
    expect([...page1, ...page2].map((r) => r.startedAt)).toEqual([
      MONDAY + 3 * H,
      MONDAY,
      MONDAY - DAY,
    ]);

    expect(
      (await s.listOpenIncidents()).filter((r) => r.wardId === ward).map((r) => r.kind),
    ).toEqual(['link_degraded']);
    expect(await s.getIncident(id)).toMatchObject({
      id,
      endedAt: MONDAY + 2 * H,
      attribution: 'upstream',
    });
    expect(await s.getIncident(999_999)).toBeNull();

    const acked = await s.acknowledgeIncident({
      id,
      username: 'admin',
      at: MONDAY + 5 * H,
      note: 'đã báo nhà mạng',
    });
    expect(acked).toMatchObject({
      acknowledged: true,
      acknowledgedBy: 'admin',
      acknowledgedAt: MONDAY + 5 * H,
    });
    expect(await s.acknowledgeIncident({ id: 999_999, username: 'admin', at: 1 })).toBeNull();
    await s.addIncidentNote({ id, username: 'officer', at: MONDAY + 6 * H, text: 'Đã khắc phục' });
    const timeline = await s.incidentTimeline(id);
    expect(timeline.map((e) => e.type)).toEqual([
      // By time: the first close (at its end time, 1 h) sorts after the changes made before it.
      'opened',
      'attributed',
      'reopened',
      'closed',
      'closed',
      'acknowledged',
      'note',
    ]);
    expect(timeline.at(-1)).toEqual({
      at: MONDAY + 6 * H,
      type: 'note',
      username: 'officer',
      detail: 'Đã khắc phục',
    });
    expect(timeline.at(-2)?.detail).toBe('đã báo nhà mạng');
    expect(JSON.parse(timeline[0]?.detail ?? 'null')).toEqual({
      attribution: 'local_link',
      evidence: { gateway: false },
    });

    expect(
      (await s.listReportIncidents(MONDAY, MONDAY + DAY, ward)).map((r) => [
        r.kind,
        r.startedAt,
        r.endedAt,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['link_down', MONDAY, MONDAY + 2 * H],
        ['link_degraded', MONDAY + 3 * H, null],
      ]),
    );
    const forReport = await s.listReportIncidents(MONDAY, MONDAY + DAY, ward);
    expect(forReport).toHaveLength(2);
    // Reports count a flapping link's held-back down runs; other kinds carry none.
    expect(forReport.find((r) => r.kind === 'link_degraded')?.downSpans).toEqual([
      [MONDAY + 3 * H, MONDAY + 3 * H + 90_000],
      [MONDAY + 3 * H + 360_000, null],
    ]);
    expect(forReport.find((r) => r.kind === 'link_down')).not.toHaveProperty('downSpans');
    expect(await s.listReportIncidents(MONDAY, MONDAY + DAY, 'other')).toEqual([]);
  });

  it('maintenance windows, settings and the audit log', async () => {
    const w = await s.createMaintenance({
      name: 'Nâng cấp CSDLQG',
      startsAt: MONDAY,
      endsAt: MONDAY + H,
      recurrence: 'weekly',
      until: null,
      wardId: null,
      target: 'csdl',
      createdAt: 1,
    });
    expect(w).toEqual({
      id: w.id,
      name: 'Nâng cấp CSDLQG',
      startsAt: MONDAY,
      endsAt: MONDAY + H,
      recurrence: 'weekly',
      until: null,
      wardId: null,
      target: 'csdl',
    });
    expect((await s.listMaintenance()).map((m) => m.id)).toContain(w.id);
    expect(await s.deleteMaintenance(w.id)).toBe(true);
    expect(await s.deleteMaintenance(w.id)).toBe(false);
    expect((await s.listMaintenance()).map((m) => m.id)).not.toContain(w.id);

    const key = uid('setting');
    expect(await s.getSetting(key)).toBeNull();
    await s.setSetting(key, { rawDays: 30, nested: { a: [1, 2] } }, 1);
    expect(await s.getSetting(key)).toEqual({ rawDays: 30, nested: { a: [1, 2] } });
    await s.setSetting(key, 'chuỗi', 2);
    expect(await s.getSetting(key)).toBe('chuỗi');
    await s.setSetting(key, 42, 3);
    expect(await s.getSetting(key)).toBe(42);

    const who = uid('auditor');
    for (let i = 0; i < 5; i++)
      await s.appendAudit({ at: 100 + i, username: who, action: `a${i}`, detail: `{"i":${i}}` });
    const latest = await s.listAudit(3);
    expect(latest.map((a) => a.action)).toEqual(['a4', 'a3', 'a2']);
    expect(latest[0]).toEqual({ at: 104, username: who, action: 'a4', detail: '{"i":4}' });
    const page = await s.listAuditPage(2);
    expect(page.map((a) => a.action)).toEqual(['a4', 'a3']);
    const next = await s.listAuditPage(2, page[1]?.id);
    expect(next.map((a) => a.action)).toEqual(['a2', 'a1']);
  });

  it('notifications: channels (secrets masked), rules, deliveries and attempts', async () => {
    const ch = await s.createChannel({
      name: 'hook',
      kind: 'webhook',
      config: { url: 'http://127.0.0.1/h', secret: 's3cret' },
      createdAt: 1,
    });
    expect(ch).toMatchObject({
      name: 'hook',
      kind: 'webhook',
      enabled: true,
      config: { url: 'http://127.0.0.1/h', secret: '***' },
      secretConfig: { url: 'http://127.0.0.1/h', secret: 's3cret' },
    });
    const off = await s.createChannel({
      name: 'tg',
      kind: 'telegram',
      config: { botToken: 'b', chatId: '1' },
      enabled: false,
      createdAt: 1,
    });
    expect(off.enabled).toBe(false);
    expect(await s.getChannel(ch.id)).toEqual(ch);
    expect(await s.getChannel(999_999)).toBeNull();
    expect((await s.listChannels()).map((c) => c.id)).toEqual(
      expect.arrayContaining([ch.id, off.id]),
    );

    const rule = await s.createRule({
      channelId: ch.id,
      wardIds: ['w1', 'w2'],
      kinds: ['link_down'],
      minSeverity: 'warning',
      onClose: true,
      createdAt: 1,
    });
    expect(rule).toEqual({
      id: rule.id,
      channelId: ch.id,
      wardIds: ['w1', 'w2'],
      kinds: ['link_down'],
      minSeverity: 'warning',
      onClose: true,
    });
    expect(await s.listRules()).toContainEqual(rule);

    const d1 = await s.createDelivery({
      channelId: ch.id,
      createdAt: 1000,
      subject: 'Mất kết nối',
      body: 'b1',
      incidentIds: [1, 2],
    });
    const d2 = await s.createDelivery({
      channelId: ch.id,
      createdAt: 2000,
      subject: 's2',
      body: 'b2',
      incidentIds: [],
    });
    expect((await s.dueDeliveries(1500, 10)).map((d) => [d.id, d.body, d.incidentIds])).toEqual([
      [d1, 'b1', [1, 2]],
    ]);
    await s.recordAttempt({ id: d1, at: 1600, ok: false, error: 'timeout', nextAttemptAt: 5000 });
    expect((await s.dueDeliveries(3000, 10)).map((d) => d.id)).toEqual([d2]);
    await s.recordAttempt({ id: d2, at: 3000, ok: true, nextAttemptAt: null });
    await s.recordAttempt({ id: d1, at: 5000, ok: false, error: 'refused', nextAttemptAt: null });
    expect(await s.dueDeliveries(10_000, 10)).toEqual([]);
    const listed = await s.listDeliveries(2);
    expect(listed.map((d) => [d.id, d.status, d.attempts, d.lastError, d.sentAt])).toEqual([
      [d2, 'sent', 1, null, 3000],
      [d1, 'failed', 2, 'refused', null],
    ]);
    expect(listed[1]).toMatchObject({
      channelId: ch.id,
      createdAt: 1000,
      subject: 'Mất kết nối',
      nextAttemptAt: null,
    });

    expect(await s.deleteRule(rule.id)).toBe(true);
    expect(await s.deleteRule(rule.id)).toBe(false);
    await s.createRule({
      channelId: ch.id,
      wardIds: [],
      kinds: [],
      minSeverity: 'info',
      onClose: false,
      createdAt: 1,
    });
    // Deleting a channel takes its rules and deliveries with it.
    expect(await s.deleteChannel(ch.id)).toBe(true);
    expect(await s.deleteChannel(ch.id)).toBe(false);
    expect((await s.listRules()).filter((r) => r.channelId === ch.id)).toEqual([]);
    expect((await s.listDeliveries(100)).filter((d) => d.channelId === ch.id)).toEqual([]);
  });

  it('report rollups: merge deltas, daily rows, edges, devices', async () => {
    const { id } = await station(s);
    // Monday 08:00-08:30 local (office hours) and Tuesday 20:00 (not), on target 'gw'.
    const mon8 = MONDAY + 8 * H;
    const tue20 = MONDAY + DAY + 20 * H;
    const recs: AgentRecord[] = [
      probe(mon8, 'gw', true, 10),
      probe(mon8 + 60_000, 'gw', false),
      {
        kind: 'peripherals',
        at: mon8 + 120_000,
        devices: [{ vid: '1', pid: '2', vendor: 'v', product: 'p', category: 'fingerprint' }],
      },
      probe(mon8 + 20 * 60_000, 'gw', true, 20),
      {
        kind: 'session',
        at: mon8 + 25 * 60_000,
        session: 'server',
        startedAt: mon8,
        endedAt: mon8 + 25 * 60_000,
        cause: 'reset',
      },
      probe(tue20, 'gw', true, 10),
    ];
    const fold = (rs: AgentRecord[]): BucketAgg[] => {
      const m = new Map<string, BucketAgg>();
      foldRecords(m, id, 0, rs, {});
      return [...m.values()];
    };
    // Applied in two calls (and the first call's buckets again as new deltas): counts add up.
    const first = fold(recs.slice(0, 3));
    await s.applyRollups({
      buckets: first,
      devices: [{ stationId: id, counts: { fingerprint: 1 }, at: mon8 + 120_000 }],
      calendar: DEFAULT_CALENDAR,
      now: 1,
    });
    await s.applyRollups({
      buckets: fold(recs.slice(3)),
      devices: [{ stationId: id, counts: { fingerprint: 0, scanner: 0 }, at: tue20 }],
      calendar: DEFAULT_CALENDAR,
      now: 2,
    });

    const week = (await s.reportSamples(MONDAY, MONDAY + 7 * DAY, DEFAULT_CALENDAR)).find(
      (x) => x.stationId === id,
    );
    expect(week).toEqual({
      stationId: id,
      onBuckets: { office: 3, all: 4 },
      drops: { office: 1, all: 1 },
      // The reader was seen in the first bucket only (later folds start without devices).
      connectedBuckets: { fingerprint: 1 },
      targets: { gw: { rounds: 4, ok: 3, hist: expect.any(Object) } },
    });
    const histTotal = Object.values(week?.targets.gw?.hist ?? {}).reduce((a, b) => a + b, 0);
    expect(histTotal).toBe(3);
    // A period that is not whole days reads 5-minute rows at the edges.
    const edge = (await s.reportSamples(mon8 + 10 * 60_000, tue20 + 60_000, DEFAULT_CALENDAR)).find(
      (x) => x.stationId === id,
    );
    expect(edge?.targets.gw).toMatchObject({ rounds: 2, ok: 2 });
    expect(edge?.onBuckets).toEqual({ office: 2, all: 3 });
    const inside = (await s.reportSamples(mon8, mon8 + 5 * 60_000, DEFAULT_CALENDAR)).find(
      (x) => x.stationId === id,
    );
    expect(inside?.targets.gw).toMatchObject({ rounds: 2, ok: 1 });

    const devices = (await s.listStationDevices()).filter((d) => d.stationId === id);
    expect(devices).toEqual([
      {
        stationId: id,
        category: 'fingerprint',
        presentNow: 0,
        everSeen: 1,
        lastSeenAt: mon8 + 120_000,
      },
    ]);
  });

  it('retention: records by id chunks, rollups and closed incidents by time', async () => {
    const { id } = await station(s);
    const old = MONDAY - 100 * DAY;
    await s.recordBatch(batch(id, 1, [sys(old), sys(old + 1), sys(MONDAY), sys(old + 2)]));
    const ids = await s.listRecords({ stationId: id, limit: 10 });
    expect(ids).toHaveLength(4);
    // A chunk holding nothing old ends the scan (ids follow arrival, so older rows come first).
    expect(await s.pruneRecords(MONDAY - DAY, 0, 1)).toEqual({ deleted: 0, lastId: null });
    let afterId = 0;
    let deleted = 0;
    for (let guard = 0; guard < 100; guard++) {
      const r = await s.pruneRecords(MONDAY - DAY, afterId, 1_000_000);
      deleted += r.deleted;
      if (r.lastId === null) break;
      expect(r.lastId).toBeGreaterThan(afterId);
      afterId = r.lastId;
    }
    expect((await s.listRecords({ stationId: id, limit: 10 })).map((r) => r.t)).toEqual([MONDAY]);
    expect(deleted).toBe(3);

    const m = new Map<string, BucketAgg>();
    foldRecords(m, id, 0, [probe(old, 'gw', true), probe(MONDAY, 'gw', true)], {});
    await s.applyRollups({
      buckets: [...m.values()],
      devices: [],
      calendar: DEFAULT_CALENDAR,
      now: 1,
    });
    let pruned = 0;
    for (let i = 0; i < 100; i++) {
      const k = await s.pruneRollups(MONDAY - DAY, MONDAY - DAY, 1);
      if (k === 0) break;
      pruned += k;
    }
    expect(pruned).toBeGreaterThanOrEqual(4);
    const left = (await s.reportSamples(old - DAY, MONDAY + DAY, DEFAULT_CALENDAR)).find(
      (x) => x.stationId === id,
    );
    expect(left?.targets.gw?.rounds).toBe(1);

    const ward = uid('ward');
    await s.applyIncidentChanges({
      upserts: [
        incident({ subject: uid('s'), wardId: ward, startedAt: old, endedAt: old + H }),
        incident({ subject: uid('s'), wardId: ward, startedAt: old }),
        incident({ subject: uid('s'), wardId: ward, startedAt: MONDAY - H, endedAt: MONDAY }),
      ],
      removes: [],
      at: 1,
    });
    let gone = 0;
    for (let i = 0; i < 100; i++) {
      const k = await s.pruneIncidents(MONDAY - DAY, 1);
      if (k === 0) break;
      gone += k;
    }
    expect(gone).toBeGreaterThanOrEqual(1);
    const kept = await s.listIncidents({ wardId: ward, limit: 10 });
    expect(kept.map((r) => [r.startedAt, r.endedAt])).toEqual([
      [MONDAY - H, MONDAY],
      [old, null],
    ]);
  });
});

async function credOf(s: Store, stationId: string): Promise<string | null> {
  // The port has no read of a credential; rotate to a known one to look the station up.
  const cred = `known-${stationId}`;
  return (await s.rotateStationCredential(stationId, cred)) ? cred : null;
}

describe('openPostgresStore: bad targets fail loudly', () => {
  it('names an unreachable server and refuses a bad schema name', async () => {
    await expect(openPostgresStore('postgres://postgres@127.0.0.1:1/test')).rejects.toThrow(
      /PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
    );
    await expect(openPostgresStore(`${TEST_PG_URL}?schema=Bad-Name`)).rejects.toThrow(
      /schema "Bad-Name"/,
    );
    await expect(openPostgresStore('mysql://x@127.0.0.1/db')).rejects.toThrow(
      /expected postgres:\/\//,
    );
  });
});
