import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRecord, ServerMessage } from '@wardwatch/shared';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';
import {
  batch,
  expectOpen,
  hello,
  openAgent,
  probeRecord,
  wsUrl,
  type TestSocket,
} from './server-ws-client.js';

/**
 * Bad agents against a running server: each abuse gets its error or close, the server stays
 * up, a well-behaved agent keeps being acked throughout, and stored data does not change.
 */
type Creds = { stationId: string; credential: string };
let server: RunningServer;
let admin: Api;
let good: Creds;
let bad: Creds;
let goodSocket: TestSocket<ServerMessage>;
let goodSeq = 0;
let goodAcked = 0;
let goodTimer: NodeJS.Timeout | null = null;

const PER_IP = 24;
const event = (at: number, name = 'x'): AgentRecord => ({ kind: 'event', at, name });

async function recordCount(stationId: string): Promise<number> {
  const r = await admin.get<{ items: unknown[] }>(
    `/api/v1/records?station=${stationId}&limit=10000`,
  );
  return r.items.length;
}

/** A connection of the abusing station that completed hello. */
async function greeted(): Promise<TestSocket<ServerMessage>> {
  const s = expectOpen(await openAgent(server.url, bad.credential));
  s.sendJson(hello(bad.stationId));
  await s.next((m) => m.type === 'welcome');
  return s;
}

/** Send a raw frame, expect `error{code}` and a close with `closeCode`. */
async function expectRefused(
  s: TestSocket<ServerMessage>,
  frame: string | Buffer,
  code: string,
  closeCode: number,
) {
  s.ws.send(frame);
  const err = await s.next((m) => m.type === 'error');
  expect(err).toMatchObject({ type: 'error', code });
  expect((await s.closed).code).toBe(closeCode);
}

beforeAll(async () => {
  server = await startServer({ env: { WARDWATCH_MAX_AGENT_CONNECTIONS_PER_IP: String(PER_IP) } });
  admin = await login(server);
  good = await enrollStation(server, { wardId: 'good-ward', hostname: 'pc-good' });
  bad = await enrollStation(server, { wardId: 'bad-ward', hostname: 'pc-bad' });
  goodSocket = expectOpen(await openAgent(server.url, good.credential));
  goodSocket.sendJson(hello(good.stationId));
  await goodSocket.next((m) => m.type === 'welcome');
  goodSocket.ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.type === 'ack') goodAcked = Math.max(goodAcked, m.seq);
  });
  // The well-behaved agent: one batch every 100 ms for the whole file.
  goodTimer = setInterval(() => {
    goodSeq += 1;
    goodSocket.sendJson(batch(goodSeq, [probeRecord(Date.now(), 12)]));
  }, 100);
  // A baseline the abuse must not change.
  const s = await greeted();
  s.sendJson(batch(1, [event(Date.now(), 'baseline'), event(Date.now(), 'baseline')]));
  await s.next((m) => m.type === 'ack');
  await s.close();
});

afterAll(async () => {
  if (goodTimer) clearInterval(goodTimer);
  await goodSocket?.close();
  await server?.stop();
});

describe('protocol abuse', () => {
  it('answers each bad frame with its error and close, storing nothing', async () => {
    const before = await recordCount(bad.stationId);
    const now = Date.now();
    await expectRefused(await greeted(), 'this is {not json', 'bad_json', 1008);
    await expectRefused(
      await greeted(),
      JSON.stringify({ ...batch(2, [event(now)]), seq: 'two' }),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify({ v: 1, type: 'exfiltrate', seq: 2 }),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(2, [{ ...event(now), kind: 'telemetry' } as unknown as AgentRecord])),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(2, [event(now, 'x'.repeat(1_500_000))])),
      'frame_too_large',
      1009,
    );
    const tenThousand = Array.from({ length: 10_000 }, (_, i) => event(now + i));
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(2, tenThousand)),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(-5, [event(now)])),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(0, [event(now)])),
      'invalid_message',
      1008,
    );
    // Far future and far past, after clock correction (the hello said the clocks agree).
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(2, [event(now + 10 * 86_400_000)])),
      'invalid_message',
      1008,
    );
    await expectRefused(
      await greeted(),
      JSON.stringify(batch(2, [event(now - 400 * 86_400_000)])),
      'invalid_message',
      1008,
    );
    // Batch before hello.
    const early = expectOpen(await openAgent(server.url, bad.credential));
    await expectRefused(early, JSON.stringify(batch(2, [event(now)])), 'hello_required', 1008);
    // Another station's id in hello.
    const mismatch = expectOpen(await openAgent(server.url, bad.credential));
    await expectRefused(mismatch, JSON.stringify(hello(good.stationId)), 'station_mismatch', 1008);

    expect(await recordCount(bad.stationId)).toBe(before);
  });

  it('acks a replayed seq without storing it again; accepts a forward gap and audits it', async () => {
    const before = await recordCount(bad.stationId);
    const s = await greeted();
    s.sendJson(batch(1, [event(Date.now(), 'replayed')]));
    expect(await s.next((m) => m.type === 'ack')).toMatchObject({ seq: 1 });
    expect(await recordCount(bad.stationId)).toBe(before);
    s.sendJson(batch(50, [event(Date.now(), 'after-gap')]));
    expect(await s.next((m) => m.type === 'ack')).toMatchObject({ seq: 50 });
    await s.close();
    expect(await recordCount(bad.stationId)).toBe(before + 1);
    const audit = await admin.get<{ items: { action: string; detail: string }[] }>('/api/v1/audit');
    const gap = audit.items.find((i) => i.action === 'station.seq_gap');
    expect(JSON.parse(gap?.detail ?? '{}')).toMatchObject({
      fromSeq: 2,
      toSeq: 49,
      announced: false,
    });
  });

  it('refuses connections past the per-address cap and serves again once they close', async () => {
    const results = await Promise.all(
      Array.from({ length: PER_IP + 16 }, () => openAgent(server.url, bad.credential)),
    );
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => !r.ok && r.status === 429)).toBe(true);
    await Promise.all(results.map((r) => (r.ok ? r.socket.close() : Promise.resolve())));
    await expect.poll(async () => (await openAgent(server.url, bad.credential)).ok).toBe(true);
  });

  it('drops a client that stopped reading (no pong) and keeps serving others', async () => {
    const s = await greeted();
    const stationOnline = async () =>
      (
        await admin.get<{ items: { id: string; online: boolean }[] }>('/api/v1/stations')
      ).items.find((x) => x.id === bad.stationId)?.online;
    expect(await stationOnline()).toBe(true);
    // Stop reading at the TCP level: no pongs, acks pile up in the server's buffers.
    const raw = (s.ws as unknown as { _socket: { pause(): void } })._socket;
    raw.pause();
    for (let i = 0; i < 50; i++) s.ws.send(JSON.stringify(batch(1, [event(Date.now())])));
    await expect.poll(stationOnline, { timeout: 40_000, interval: 1000 }).toBe(false);
    s.ws.terminate();
  }, 60_000);

  it('survives a seeded fuzz of 2,000 mutated valid frames', async () => {
    const before = await recordCount(bad.stationId);
    let seed = 20261129;
    const rand = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const junk = [null, true, -1, 1e308, '', 'x', [], {}, '\u0000', 2 ** 53 + 1, -0.5];
    const mutate = (valid: Record<string, unknown>): string => {
      const text = JSON.stringify(valid);
      switch (Math.floor(rand() * 7)) {
        case 0: {
          const i = Math.floor(rand() * text.length);
          return (
            text.slice(0, i) + String.fromCharCode(32 + Math.floor(rand() * 95)) + text.slice(i + 1)
          );
        }
        case 1:
          return text.slice(0, Math.floor(rand() * text.length));
        case 2:
          return JSON.stringify({
            ...valid,
            [pick(['v', 'type', 'seq', 'sentAt', 'records'])]: pick(junk),
          });
        case 3:
          return JSON.stringify({ ...valid, extra: pick(junk) });
        case 4: {
          const records = valid.records as Record<string, unknown>[];
          const r = {
            ...records[0],
            [pick(['kind', 'at', 'name', 'target', 'ok', 'rttMs'])]: pick(junk),
          };
          return JSON.stringify({ ...valid, records: [r] });
        }
        case 5:
          return JSON.stringify(pick(junk));
        default:
          return JSON.stringify({
            ...valid,
            type: pick(['hello', 'ack', 'welcome', 'error', 'BATCH', '']),
          });
      }
    };
    const codes = new Map<string, number>();
    let acks = 0;
    // A mutation may stay valid with a higher seq (e.g. a digit flipped): stored, legitimately.
    let highSeq = 50;
    let newBatches = 0;
    let s = await greeted();
    for (let i = 0; i < 2000; i++) {
      // Seq 1 is already stored: a mutation that stays valid is a duplicate and stores nothing.
      const valid = batch(1, [probeRecord(Date.now(), 10)]) as unknown as Record<string, unknown>;
      s.ws.send(mutate(valid));
      const reply = await s.next((m) => m.type === 'ack' || m.type === 'error');
      if (reply.type === 'ack') {
        acks += 1;
        if (reply.seq > highSeq) {
          highSeq = reply.seq;
          newBatches += 1;
        }
        continue;
      }
      if (reply.type === 'error') codes.set(reply.code, (codes.get(reply.code) ?? 0) + 1);
      await s.closed;
      s = await greeted();
    }
    await s.close();
    const allowed = ['bad_json', 'invalid_message', 'hello_required', 'rate_limited'];
    expect(
      [...codes.keys()].filter((c) => !allowed.includes(c)),
      JSON.stringify([...codes]),
    ).toEqual([]);
    expect(codes.get('internal')).toBeUndefined();
    expect(acks + [...codes.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    expect(await recordCount(bad.stationId)).toBe(before + newBatches);
    expect(newBatches).toBeLessThan(50);
  }, 120_000);

  it('kept the server up and the well-behaved agent acked throughout', async () => {
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const target = goodSeq;
    await expect.poll(() => goodAcked, { timeout: 10_000 }).toBeGreaterThanOrEqual(target);
    expect(goodSocket.ws.readyState).toBe(goodSocket.ws.OPEN);
    expect(await recordCount(good.stationId)).toBe(goodAcked);
  });

  it('drops a revoked station at once and refuses its credential; rotate issues a new one', async () => {
    const s = await greeted();
    const res = await admin.post<{ disconnected: number }>(
      `/api/v1/stations/${bad.stationId}/revoke`,
      {},
    );
    expect(res.disconnected).toBe(1);
    expect((await s.closed).code).toBe(4401);
    const again = await openAgent(server.url, bad.credential);
    expect(again.ok ? 0 : again.status).toBe(401);
    const rotated = await admin.post<{ credential: string }>(
      `/api/v1/stations/${bad.stationId}/rotate`,
      {},
    );
    expect((await openAgent(server.url, bad.credential)).ok).toBe(false);
    const fresh = expectOpen(await openAgent(server.url, rotated.credential));
    fresh.sendJson(hello(bad.stationId));
    await fresh.next((m) => m.type === 'welcome');
    await fresh.close();
    expect(wsUrl(server.url, '/ws/agent')).toMatch(/^ws:/);
  });
});
