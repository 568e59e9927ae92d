import { once } from 'node:events';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleIncidentMessage, ConsoleMessage, ServerMessage } from '@wardwatch/shared';

type LiveMessage = ConsoleMessage | ConsoleIncidentMessage;
import { dropSchema, freshSchema, TEST_PG_URL } from '../helpers/stores.js';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';
import { until } from '../helpers/wait.js';
import {
  batch,
  expectOpen,
  hello,
  openConsole,
  probeRecord,
  wsUrl,
  type TestSocket,
} from './server-ws-client.js';

const RECORDS_PER_BATCH = 2;
const SEND_EVERY_MS = 100;
const POLL = { timeoutMs: 30_000, everyMs: 100 };

/**
 * A protocol-level agent with an in-memory outbox: every batch stays until acked, and on a
 * new connection it replays what is unacked — plus the last acked batch again, a duplicate
 * the cluster must recognise wherever the first copy was committed.
 */
class ReplayingAgent {
  readonly stationId: string;
  private readonly credential: string;
  private ws: WebSocket | null = null;
  private isWelcomed = false;
  private nextSeq = 1;
  private readonly unacked = new Map<number, string>();
  private lastAcked: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  ackedSeq = 0;
  url = '';
  /** Target ids of every welcome (config push) received. */
  readonly configs: string[][] = [];
  /** Close code of the last connection, once it closed. */
  closeCode: number | null = null;

  constructor(stationId: string, credential: string) {
    this.stationId = stationId;
    this.credential = credential;
  }

  get lastSentSeq(): number {
    return this.nextSeq - 1;
  }

  get isConnected(): boolean {
    return this.ws !== null && this.isWelcomed;
  }

  async connect(url: string): Promise<void> {
    this.url = url;
    const ws = new WebSocket(wsUrl(url, '/ws/agent'), {
      headers: { authorization: `Bearer ${this.credential}` },
    });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      this.closeCode = code;
      if (this.ws === ws) {
        this.ws = null;
        this.isWelcomed = false;
      }
    });
    const welcomed = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ServerMessage;
        if (msg.type === 'ack') this.ack(msg.seq);
        if (msg.type === 'welcome') {
          this.configs.push(msg.config.targets.map((t) => t.id));
          this.ack(msg.ackedSeq);
          resolve();
        }
      });
    });
    await once(ws, 'open');
    this.ws = ws;
    ws.send(JSON.stringify(hello(this.stationId, Date.now(), this.ackedSeq)));
    await welcomed;
    if (this.lastAcked) ws.send(this.lastAcked);
    for (const seq of [...this.unacked.keys()].sort((a, b) => a - b)) {
      ws.send(this.unacked.get(seq) ?? '');
    }
    this.isWelcomed = true;
  }

  startSending(): void {
    this.timer = setInterval(() => {
      if (!this.isConnected) return;
      const seq = this.nextSeq++;
      const now = Date.now();
      const records = Array.from({ length: RECORDS_PER_BATCH }, (_, i) =>
        probeRecord(now - i, 10 + i),
      );
      const frame = JSON.stringify(batch(seq, records, now));
      this.unacked.set(seq, frame);
      this.ws?.send(frame);
    }, SEND_EVERY_MS);
  }

  stopSending(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    this.stopSending();
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      ws.close();
      await once(ws, 'close');
    }
  }

  private ack(seq: number): void {
    for (const s of [...this.unacked.keys()]) {
      if (s > seq) continue;
      if (s === seq) this.lastAcked = this.unacked.get(s) ?? null;
      this.unacked.delete(s);
    }
    this.ackedSeq = Math.max(this.ackedSeq, seq);
  }
}

async function put(server: RunningServer, api: Api, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'PUT',
    headers: {
      cookie: api.cookie,
      'x-csrf-token': api.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PUT ${path} → ${res.status}: ${await res.text()}`);
}

const isOfflineIncidentFor = (stationId: string) => (m: LiveMessage) =>
  m.type === 'incident' &&
  m.change === 'opened' &&
  m.incident.kind === 'station_offline' &&
  m.incident.stationId === stationId;

describe('several server instances on one PostgreSQL', () => {
  const schema = freshSchema('multi');
  const db = `${TEST_PG_URL}?schema=${schema}`;
  const adminPassword = 'multi-instance-admin-pw';
  // Info level: the lease logs "leader lease taken", which tells the test who leads.
  const env = { WARDWATCH_ADMIN_PASSWORD: adminPassword, WARDWATCH_LOG_LEVEL: 'info' };
  let a: RunningServer;
  let b: RunningServer;
  let sql: pg.Pool;
  const agents: ReplayingAgent[] = [];
  const isLeader = (s: RunningServer) => s.output().includes('leader lease taken');

  beforeAll(async () => {
    // Both at once on a fresh schema: migrations and the first admin must happen once.
    const both = await Promise.all([startServer({ db, env }), startServer({ db, env })]);
    await until('one leader', async () => (both.some(isLeader) ? true : undefined), POLL);
    // A is the leader (the one this test kills), B the follower that must take over.
    [a, b] = isLeader(both[0]) ? both : [both[1], both[0]];
    sql = new pg.Pool({ connectionString: TEST_PG_URL, max: 1 });
  });
  afterAll(async () => {
    for (const agent of agents) await agent.close();
    await a?.kill();
    await b?.stop();
    await sql?.end();
    await dropSchema(schema);
  });

  it('stores every record exactly once and shows the survivor’s console incidents from the dead instance’s agents', async () => {
    expect(isLeader(b)).toBe(false);
    const adminA = await login(a);
    const adminB = await login(b);
    // Short offline grace so a silent station is an incident within seconds.
    await put(a, adminA, '/api/v1/detector/settings', {
      global: { offline: { graceMs: 3_000, minGraceMs: 1_000, droppedGraceMs: 3_000 } },
    });

    const enroll = async (wardId: string) => {
      const { stationId, credential } = await enrollStation(a, { wardId });
      const agent = new ReplayingAgent(stationId, credential);
      agents.push(agent);
      return agent;
    };
    const movers = [await enroll('w-a1'), await enroll('w-a2'), await enroll('w-a3')];
    const silentEarly = await enroll('w-a4'); // on A, goes quiet while A is the leader
    const lostWithA = await enroll('w-a5'); // on A, never comes back after A dies
    const onB = [await enroll('w-b1'), await enroll('w-b2')];

    const consoleB = expectOpen(await openConsole(b.url, adminB.cookie)) as TestSocket<LiveMessage>;
    await consoleB.next((m) => m.type === 'snapshot');

    for (const agent of [...movers, silentEarly, lostWithA]) await agent.connect(a.url);
    for (const agent of onB) await agent.connect(b.url);
    for (const agent of agents) agent.startSending();

    // Live state from A's agents reaches B's console (LISTEN/NOTIFY).
    const moverId = movers[0]?.stationId ?? '';
    await consoleB.next(
      (m) => m.type === 'station' && m.station.id === moverId && m.station.online,
      10_000,
    );

    // A target added through B reaches agents on A (config push on every instance), and a
    // credential revoked through B drops the station's connection on A.
    await adminB.post('/api/v1/targets', {
      id: 'gw',
      name: 'Cổng phường',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 9,
      intervalMs: 60_000,
    });
    await until(
      'the new target pushed to an agent on A',
      async () => (movers[0]?.configs.some((ids) => ids.includes('gw')) ? true : undefined),
      POLL,
    );
    const revoked = await enroll('w-a6');
    await revoked.connect(a.url);
    await until(
      'B knows the station is online',
      async () => {
        const { items } = await adminB.get<{ items: { id: string; online: boolean }[] }>(
          '/api/v1/stations',
        );
        return items.some((x) => x.id === revoked.stationId && x.online) ? true : undefined;
      },
      POLL,
    );
    const reply = await adminB.post<{ disconnected: number }>(
      `/api/v1/stations/${revoked.stationId}/revoke`,
      {},
    );
    expect(reply.disconnected).toBe(1);
    await until(
      'revoked station dropped by A',
      async () => (revoked.closeCode ? true : undefined),
      POLL,
    );
    expect(revoked.closeCode).toBe(4401);

    // 1. The leader (A) opens an incident for a station on A; B's console is told.
    await new Promise((r) => setTimeout(r, 1_000));
    await silentEarly.close();
    const early = await consoleB.next(isOfflineIncidentFor(silentEarly.stationId), 15_000);
    expect(early.type === 'incident' && early.incident.wardId).toBe('w-a4');

    // 2. Kill A under load. Its agents move to B and replay; one never comes back.
    await a.kill();
    lostWithA.stopSending();
    await Promise.all(
      movers.map(async (agent) => {
        await until(
          `${agent.stationId} noticed A is gone`,
          async () => (agent.isConnected ? undefined : true),
          POLL,
        );
        await agent.connect(b.url);
      }),
    );

    // B takes the lease, resumes the detector from the store and reads A's records: the
    // station that was on A and went silent with it becomes an incident on B's console.
    const lost = await consoleB.next(isOfflineIncidentFor(lostWithA.stationId), 20_000);
    expect(isLeader(b)).toBe(true);
    expect(lost.type === 'incident' && lost.incident.wardId).toBe('w-a5');

    // Keep the load on B a moment, then stop and wait for every batch to be acked.
    await new Promise((r) => setTimeout(r, 1_000));
    const live = [...movers, ...onB];
    for (const agent of live) agent.stopSending();
    await until(
      'every sent batch acked',
      async () => (live.every((x) => x.ackedSeq === x.lastSentSeq) ? true : undefined),
      POLL,
    );

    // Exactly once: every seq each agent sent is stored with all its records, none twice.
    const { rows } = await sql.query<{ station_id: string; s: number; n: number }>(
      `SELECT station_id, seq::int AS s, count(*)::int AS n FROM ${schema}.records
        GROUP BY station_id, seq ORDER BY station_id, seq`,
    );
    for (const agent of [...live, silentEarly, lostWithA]) {
      const mine = rows.filter((r) => r.station_id === agent.stationId);
      const expected = agent === lostWithA ? agent.ackedSeq : agent.lastSentSeq;
      // A batch A committed but never acked (killed in between) is stored too: at least
      // every acked seq, at most every sent one, each with all its records once.
      expect(mine.length).toBeGreaterThanOrEqual(expected);
      expect(mine.length).toBeLessThanOrEqual(agent.lastSentSeq);
      expect(mine.map((r) => r.s)).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
      expect(mine.every((r) => r.n === RECORDS_PER_BATCH)).toBe(true);
    }
    const moved = movers.reduce((n, x) => n + x.lastSentSeq, 0);
    expect(moved).toBeGreaterThan(3 * 20);
  });
});
