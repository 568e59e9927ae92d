// An agent back after more than 30 days offline: records past the server's bound must not
// stall its outbox (a refused batch would be resent forever and hold back everything after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_MAX_AGE_MS, type AgentRecord } from '@wardwatch/shared';
import { AGENT_VERSION, MemoryOutbox, createAgentConnection } from '../../agent/src/index.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

const DAY = 86_400_000;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const probe = (at: number): AgentRecord => ({
  kind: 'probe',
  at,
  target: 'csdl',
  probe: 'tcp',
  ok: true,
  rttMs: { min: 5, avg: 6, max: 7, mdev: 0.5 },
});

describe('records older than the server keeps', () => {
  it('are dropped by the agent with a counted event; the rest of the backlog arrives', async () => {
    const st = await enrollStation(server, { wardId: 'expired', hostname: 'pc-expired' });
    const now = Date.now();
    const outbox = new MemoryOutbox();
    await outbox.append([probe(now - RECORD_MAX_AGE_MS - 5 * DAY)]); // seq 1: all expired
    await outbox.append([probe(now - 40 * DAY), probe(now - 2 * DAY)]); // seq 2: mixed
    await outbox.append([probe(now - 1000)]); // seq 3: fresh
    const conn = createAgentConnection({
      url: server.url.replace(/^http/, 'ws') + '/ws/agent',
      credential: st.credential,
      outbox,
      hello: () => ({
        v: 1,
        type: 'hello',
        stationId: st.stationId,
        agentVersion: AGENT_VERSION,
        hostname: 'pc-expired',
        os: { platform: 'linux', release: 'test', arch: process.arch },
        sentAt: Date.now(),
        mono: Math.round(performance.now()),
        lastSeq: outbox.size().lastSeq,
      }),
    });
    conn.start();
    try {
      await until(
        'all three batches acked',
        async () => (conn.status().ackedSeq >= 3 ? true : undefined),
        {
          timeoutMs: 15_000,
          everyMs: 100,
        },
      );
    } finally {
      await conn.stop();
    }
    const admin = await login(server);
    const { items } = await admin.get<{ items: (AgentRecord & { t: number })[] }>(
      `/api/v1/records?station=${st.stationId}&limit=100`,
    );
    const probes = items
      .filter((r) => r.kind === 'probe')
      .map((r) => r.at)
      .sort();
    expect(probes).toEqual([now - 2 * DAY, now - 1000]);
    const expired = items.filter((r) => r.kind === 'event' && r.name === 'records_expired');
    expect(expired).toHaveLength(2);
    const dropped = expired.map((r) => JSON.parse((r as { detail: string }).detail).droppedRecords);
    expect(dropped.sort()).toEqual([1, 1]);
  });
});
