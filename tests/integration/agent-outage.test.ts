import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../helpers/agent.js';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';
import { startTcpSink, type TcpSink } from '../helpers/tcp.js';
import { sleep } from '../helpers/wait.js';

interface StoredRecord {
  stationId: string;
  kind: string;
  at: number;
  t: number;
  seq: number;
  target?: string;
  name?: string;
  session?: string;
  cause?: string;
  reconnectMs?: number;
}

let server: RunningServer;
let admin: Api;
let tcp: TcpSink;
const agents: RunningAgent[] = [];

beforeAll(async () => {
  server = await startServer();
  admin = await login(server);
  tcp = await startTcpSink();
});
afterAll(async () => {
  for (const a of agents) await a.kill();
  await server?.stop();
  await tcp?.close();
});

async function records(stationId: string): Promise<StoredRecord[]> {
  const { items } = await admin.get<{ items: StoredRecord[] }>(
    `/api/v1/records?station=${stationId}&limit=10000`,
  );
  return items;
}

/** A station in its own ward with one local TCP target (1 s interval), and its running agent. */
async function setup(wardId: string) {
  const st = await enrollStation(server, { wardId });
  const target = await admin.post<{ id: string }>('/api/v1/targets', {
    name: `Local TCP ${wardId}`,
    probe: 'tcp',
    host: '127.0.0.1',
    port: tcp.port,
    intervalMs: 1000,
    wardId,
  });
  const agent = await startAgent({
    serverUrl: server.url,
    stationId: st.stationId,
    credential: st.credential,
    wardId: st.wardId,
    overrides: { sysIntervalMs: 500, flushMs: 200, heartbeatMs: 2000 },
  });
  agents.push(agent);
  return { st, target, agent };
}

/** Stop the agent (it drains), then every record it ever appended must be stored exactly once. */
async function expectEverythingOnce(agent: RunningAgent, stationId: string) {
  await expect
    .poll(
      async () => {
        const s = await agent.state();
        return s.connection.state === 'online' && s.outbox.ackedSeq === s.outbox.lastSeq;
      },
      { timeout: 45_000, interval: 250 },
    )
    .toBe(true);
  await agent.stop();
  const final = await agent.state();
  expect(final.running).toBe(false);
  expect(final.outbox.ackedSeq).toBe(final.outbox.lastSeq);
  const stored = await records(stationId);
  expect(stored.length).toBe(final.recordsAppended);
  const keys = stored.map((r) => `${r.kind}|${r.at}|${r.target ?? r.name ?? r.session ?? ''}`);
  expect(new Set(keys).size).toBe(keys.length);
  return stored;
}

const within = (rs: StoredRecord[], kind: string, from: number, to: number) =>
  rs.filter((r) => r.kind === kind && r.at >= from && r.at <= to);

describe('agent against the real server', () => {
  it('run: probe and sys records arrive; a server outage loses nothing and duplicates nothing', async () => {
    const { st, target, agent } = await setup('agent-outage-a');
    await expect
      .poll(
        async () => {
          const rs = await records(st.stationId);
          return (
            rs.some((r) => r.kind === 'probe' && r.target === target.id) &&
            rs.some((r) => r.kind === 'sys')
          );
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    // state.json is rewritten every 2 s.
    await expect
      .poll(async () => (await agent.state()).lastResults[target.id]?.ok, { timeout: 10_000 })
      .toBe(true);

    await server.kill();
    const outageFrom = Date.now();
    await sleep(6000);
    const during = await agent.state();
    expect(during.connection.state).not.toBe('online');
    expect(during.outbox.lastSeq).toBeGreaterThan(during.outbox.ackedSeq);
    const outageTo = Date.now();
    await server.restart();

    const stored = await expectEverythingOnce(agent, st.stationId);
    // Measured while the server was down, delivered afterwards.
    expect(
      within(stored, 'probe', outageFrom + 1000, outageTo - 1000).length,
    ).toBeGreaterThanOrEqual(3);
    expect(within(stored, 'sys', outageFrom + 1000, outageTo - 1000).length).toBeGreaterThanOrEqual(
      5,
    );
    // The agent's own view of the drop, with the time it took to reconnect.
    const drop = stored.find((r) => r.kind === 'session' && r.session === 'server');
    expect(drop).toMatchObject({ cause: 'reset' });
    expect(drop?.reconnectMs).toBeGreaterThan(5000);
    const names = stored.filter((r) => r.kind === 'event').map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['agent_start', 'agent_stop', 'inventory']));
  });

  it('agent killed and restarted mid-outage: still everything exactly once, seq continues', async () => {
    const { st, target, agent } = await setup('agent-outage-b');
    await expect
      .poll(async () => (await records(st.stationId)).some((r) => r.kind === 'probe'), {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(true);

    await server.kill();
    const outageFrom = Date.now();
    await sleep(3000);
    const beforeKill = await agent.state();
    const killedAt = Date.now();
    await agent.kill();
    await agent.restart(); // offline start: probes from the cached targets
    const restartedAt = Date.now();
    await sleep(3000);
    const outageTo = Date.now();
    const afterRestart = await agent.state();
    expect(afterRestart.targets.map((t) => t.id)).toContain(target.id);
    expect(afterRestart.outbox.lastSeq).toBeGreaterThan(beforeKill.outbox.lastSeq);
    await server.restart();

    const stored = await expectEverythingOnce(agent, st.stationId);
    const seqs = [...new Set(stored.map((r) => r.seq))].sort((a, b) => a - b);
    const final = await agent.state();
    expect(seqs.at(-1)).toBe(final.outbox.lastSeq);
    // Probes measured in the outage by both runs: before the kill and after the offline restart.
    expect(within(stored, 'probe', outageFrom, killedAt).length).toBeGreaterThanOrEqual(1);
    expect(within(stored, 'probe', restartedAt, outageTo).length).toBeGreaterThanOrEqual(1);
    expect(stored.filter((r) => r.kind === 'event' && r.name === 'agent_start').length).toBe(2);
  });
});
