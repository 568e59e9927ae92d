import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskOutbox } from '../../agent/src/outbox/disk.js';
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
  kind: string;
  at: number;
  seq: number;
  target?: string;
  name?: string;
  session?: string;
}

let server: RunningServer;
let admin: Api;
let tcp: TcpSink;
let agent: RunningAgent | null = null;

beforeAll(async () => {
  server = await startServer();
  admin = await login(server);
  tcp = await startTcpSink();
});
afterAll(async () => {
  await agent?.kill();
  await server?.stop();
  await tcp?.close();
});

const KILLS = 6;

describe('outbox under SIGKILL mid-write', () => {
  it('reopens after every kill, loses nothing appended before it, server stores each record once', async () => {
    const st = await enrollStation(server, { wardId: 'outbox-crash' });
    // High record rate: sys every 100 ms, an append (with fsync) every 20 ms, 6 probe targets.
    const targets = Array.from({ length: 6 }, (_, i) => ({
      id: `tcp-${i}`,
      name: `TCP ${i}`,
      probe: 'tcp',
      host: '127.0.0.1',
      port: tcp.port,
      intervalMs: 1000,
    }));
    agent = await startAgent({
      serverUrl: server.url,
      stationId: st.stationId,
      credential: st.credential,
      wardId: st.wardId,
      overrides: { sysIntervalMs: 100, flushMs: 20, heartbeatMs: 2000, targets },
    });
    const outboxDir = join(agent.dataDir, 'outbox');

    for (let i = 0; i < KILLS; i++) {
      // Let state.json (rewritten every 2 s) catch up, then kill at an arbitrary moment.
      await sleep(2200 + Math.floor(Math.random() * 700));
      const before = await agent.state();
      await agent.kill();

      const box = await DiskOutbox.open({ dir: outboxDir });
      try {
        const size = box.size();
        // Every batch durably appended (and every ack) before the kill is still there.
        expect(size.lastSeq).toBeGreaterThanOrEqual(before.outbox.lastSeq);
        expect(size.ackedSeq).toBeGreaterThanOrEqual(before.outbox.ackedSeq);
        // The unacked tail replays without holes and every line parses.
        const live = await box.peek(size.ackedSeq, 1_000_000);
        expect(live.map((b) => b.seq)).toEqual(
          Array.from({ length: size.lastSeq - size.ackedSeq }, (_, k) => size.ackedSeq + 1 + k),
        );
        for (const b of live) expect(b.records.length).toBeGreaterThan(0);
      } finally {
        await box.close();
      }
      await agent.restart();
    }

    await expect
      .poll(
        async () => {
          const s = await agent?.state();
          return s?.connection.state === 'online' && s.outbox.ackedSeq === s.outbox.lastSeq;
        },
        { timeout: 45_000, interval: 250 },
      )
      .toBe(true);
    await agent.stop();
    const final = await agent.state();
    expect(final.outbox.ackedSeq).toBe(final.outbox.lastSeq);

    const { items } = await admin.get<{ items: StoredRecord[] }>(
      `/api/v1/records?station=${st.stationId}&limit=10000`,
    );
    expect(items.length).toBeGreaterThan(KILLS * 20);
    expect(items.length).toBe(final.recordsAppended);
    const keys = items.map((r) => `${r.kind}|${r.at}|${r.target ?? r.name ?? r.session ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    const starts = items.filter((r) => r.kind === 'event' && r.name === 'agent_start');
    expect(starts.length).toBe(KILLS + 1);
  });
});
