import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesReply, ServerMessage, StationView, Welcome } from '@wardwatch/shared';
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
  type TestSocket,
} from './server-ws-client.js';

type Agent = TestSocket<ServerMessage>;
type Ack = Extract<ServerMessage, { type: 'ack' }>;
type ErrorMsg = Extract<ServerMessage, { type: 'error' }>;
const isType =
  <T extends ServerMessage['type']>(type: T) =>
  (m: ServerMessage) =>
    m.type === type;

let server: RunningServer;
let admin: Api;

beforeAll(async () => {
  server = await startServer();
  admin = await login(server);
});
afterAll(async () => {
  await server?.stop();
});

async function connectAgent(stationId: string, credential: string, lastSeq = 0) {
  const agent = expectOpen(await openAgent(server.url, credential));
  agent.sendJson(hello(stationId, Date.now(), lastSeq));
  const welcome = await agent.next<Welcome>(isType('welcome'));
  return { agent, welcome };
}

async function sendBatch(agent: Agent, seq: number, records = [probeRecord(Date.now(), 20)]) {
  agent.sendJson(batch(seq, records));
  const ack = await agent.next<Ack>(isType('ack'));
  expect(ack.seq).toBe(seq);
}

async function recordCount(stationId: string): Promise<number> {
  const { items } = await admin.get<{ items: unknown[] }>(
    `/api/v1/records?station=${stationId}&limit=10000`,
  );
  return items.length;
}

describe('agent ingest over /ws/agent', () => {
  it('enrolls, greets, acks batches and shows the station online with its RTT', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-a', hostname: 'pc-a' });
    const { agent, welcome } = await connectAgent(st.stationId, st.credential);
    expect(welcome).toMatchObject({ v: 1, type: 'welcome', ackedSeq: 0 });
    expect(Array.isArray(welcome.config.targets)).toBe(true);

    const at = Date.now() - 5_000;
    await sendBatch(agent, 1, [probeRecord(at, 20), probeRecord(at + 1000, 40)]);
    await sendBatch(agent, 2, [
      {
        kind: 'sys',
        at,
        cpuPct: 25,
        memUsedBytes: 2e9,
        memTotalBytes: 8e9,
        disks: [],
        uptimeSec: 100,
      },
    ]);

    const { items } = await admin.get<{ items: StationView[] }>('/api/v1/stations');
    const view = items.find((s) => s.id === st.stationId);
    expect(view).toMatchObject({ wardId: 'ingest-a', hostname: 'pc-test', online: true });
    expect(view?.lastSeenAt).toBeGreaterThan(at);
    expect(view?.lastRttMs).toBe(40);
    expect(view?.lastProbeOk).toBe(true);

    const records = await admin.get<{
      items: { stationId: string; kind: string; at: number; t: number; rttMs?: { avg: number } }[];
    }>(`/api/v1/records?station=${st.stationId}&kind=probe`);
    expect(records.items.map((r) => r.rttMs?.avg)).toEqual([20, 40]);
    expect(records.items[0]).toMatchObject({ stationId: st.stationId, kind: 'probe', at });
    // The test's clock is the server's clock: the correction is at most the transit time.
    expect(Math.abs((records.items[0]?.t ?? 0) - at)).toBeLessThan(5_000);

    const from = at - 60_000;
    const series = await admin.get<SeriesReply>(
      `/api/v1/series?station=${st.stationId}&target=csdlqg&metric=rtt&from=${from}&to=${at + 60_000}&step=120000`,
    );
    const filled = series.points.filter((p) => p.count > 0);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ avg: 30, min: 19, max: 41, count: 2 });

    const cpu = await admin.get<SeriesReply>(
      `/api/v1/series?station=${st.stationId}&metric=mem&from=${from}&to=${at + 60_000}&step=120000`,
    );
    expect(cpu.points.find((p) => p.count > 0)?.avg).toBe(25);

    await agent.close();
    // Offline once the socket is gone.
    await expect
      .poll(async () => {
        const list = await admin.get<{ items: StationView[] }>('/api/v1/stations');
        return list.items.find((s) => s.id === st.stationId)?.online;
      })
      .toBe(false);
  });

  it('corrects record time by the clock offset measured at hello', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-a', hostname: 'pc-skew' });
    const agent = expectOpen(await openAgent(server.url, st.credential));
    const skewMs = 3_600_000; // the agent's clock runs an hour fast
    agent.sendJson(hello(st.stationId, Date.now() + skewMs));
    await agent.next(isType('welcome'));
    const at = Date.now() + skewMs;
    await sendBatch(agent, 1, [probeRecord(at, 10)]);
    const { items } = await admin.get<{ items: { at: number; t: number }[] }>(
      `/api/v1/records?station=${st.stationId}`,
    );
    expect(items[0]?.at).toBe(at);
    expect(Math.abs((items[0]?.t ?? 0) - (at - skewMs))).toBeLessThan(5_000);
    await agent.close();
  });

  it('refuses an unknown credential with 401 on upgrade', async () => {
    const result = await openAgent(server.url, 'not-a-real-credential');
    expect(result).toEqual({ ok: false, status: 401 });
    const noHeader = await openAgent(server.url, '');
    expect(noHeader).toEqual({ ok: false, status: 401 });
  });

  it("refuses a hello carrying another station's id", async () => {
    const a = await enrollStation(server, { wardId: 'ingest-a', hostname: 'pc-1' });
    const b = await enrollStation(server, { wardId: 'ingest-a', hostname: 'pc-2' });
    const agent = expectOpen(await openAgent(server.url, a.credential));
    agent.sendJson(hello(b.stationId));
    const err = await agent.next<ErrorMsg>(isType('error'));
    expect(err.code).toBe('station_mismatch');
    expect((await agent.closed).code).toBe(1008);
  });

  it('requires hello before batches', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-a' });
    const agent = expectOpen(await openAgent(server.url, st.credential));
    agent.sendJson(batch(1, [probeRecord(Date.now(), 5)]));
    expect((await agent.next<ErrorMsg>(isType('error'))).code).toBe('hello_required');
    expect((await agent.closed).code).toBe(1008);
    expect(await recordCount(st.stationId)).toBe(0);
  });

  it('acks a replayed batch without storing it twice, also after a reconnect', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-b' });
    const first = await connectAgent(st.stationId, st.credential);
    const records = [probeRecord(Date.now(), 11), probeRecord(Date.now(), 12)];
    await sendBatch(first.agent, 1, records);
    await sendBatch(first.agent, 2, records);
    await sendBatch(first.agent, 2, records); // replay on the same connection
    expect(await recordCount(st.stationId)).toBe(4);
    await first.agent.close();

    const second = await connectAgent(st.stationId, st.credential, 2);
    expect(second.welcome.ackedSeq).toBe(2);
    await sendBatch(second.agent, 1, records);
    await sendBatch(second.agent, 2, records);
    expect(await recordCount(st.stationId)).toBe(4);
    // A forward gap is accepted (the agent's outbox dropped its oldest batches).
    await sendBatch(second.agent, 7, records);
    expect(await recordCount(st.stationId)).toBe(6);
    await second.agent.close();

    const third = await connectAgent(st.stationId, st.credential, 7);
    expect(third.welcome.ackedSeq).toBe(7);
    await third.agent.close();
  });

  it('pipelines batches and acks each in order', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-b' });
    const { agent } = await connectAgent(st.stationId, st.credential);
    for (let seq = 1; seq <= 16; seq++) agent.sendJson(batch(seq, [probeRecord(Date.now(), seq)]));
    const seqs: number[] = [];
    for (let i = 0; i < 16; i++) seqs.push((await agent.next<Ack>(isType('ack'))).seq);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(await recordCount(st.stationId)).toBe(16);
    await agent.close();
  });

  it('closes a connection that floods frames past its rate limit', async () => {
    const st = await enrollStation(server, { wardId: 'ingest-b' });
    const { agent } = await connectAgent(st.stationId, st.credential);
    const frame = JSON.stringify(batch(1, [probeRecord(Date.now(), 1)]));
    for (let i = 0; i < 2000; i++) agent.ws.send(frame);
    const err = await agent.next<ErrorMsg>(isType('error'));
    expect(err.code).toBe('rate_limited');
    expect((await agent.closed).code).toBe(1008);
    expect(await recordCount(st.stationId)).toBe(1);
  });

  describe('malformed frames close only the offending connection', () => {
    let healthy: Agent;
    let healthySeq = 0;
    let healthyId = '';

    beforeAll(async () => {
      const st = await enrollStation(server, { wardId: 'ingest-c', hostname: 'pc-healthy' });
      healthyId = st.stationId;
      healthy = (await connectAgent(st.stationId, st.credential)).agent;
    });
    afterAll(async () => {
      await healthy.close();
    });

    it.each([
      ['bad JSON', '{"v":1,', 'bad_json', 1008],
      [
        'a schema-invalid batch',
        JSON.stringify({ v: 1, type: 'batch', seq: 0, sentAt: 1, records: [] }),
        'invalid_message',
        1008,
      ],
      [
        'an unknown field',
        JSON.stringify({ v: 1, type: 'batch', seq: 1, sentAt: 1, records: [], extra: true }),
        'invalid_message',
        1008,
      ],
      [
        'a frame over 1 MiB',
        JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }),
        'frame_too_large',
        1009,
      ],
    ])('%s → error %s and close %d', async (_name, frame, code, closeCode) => {
      const st = await enrollStation(server, { wardId: 'ingest-c' });
      const { agent } = await connectAgent(st.stationId, st.credential);
      agent.ws.send(frame);
      const err = await agent.next<ErrorMsg>(isType('error'));
      expect(err.code).toBe(code);
      expect(err.message.length).toBeGreaterThan(0);
      expect((await agent.closed).code).toBe(closeCode);

      healthySeq += 1;
      await sendBatch(healthy, healthySeq);
      expect(await recordCount(healthyId)).toBe(healthySeq);
    });
  });
});
