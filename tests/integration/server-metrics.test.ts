import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRecord, Incident, ServerMessage, Welcome } from '@wardwatch/shared';
import { buildApp } from '../../server/src/app.js';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/wait.js';
import {
  batch,
  expectOpen,
  hello,
  openAgent,
  probeRecord,
  type TestSocket,
} from './server-ws-client.js';
import { testConfig } from '../helpers/config.js';

const DASHBOARD = resolve(import.meta.dirname, '../../deploy/examples/grafana-dashboard.json');

type Agent = TestSocket<ServerMessage>;
type Ack = Extract<ServerMessage, { type: 'ack' }>;
const isType = (type: ServerMessage['type']) => (m: ServerMessage) => m.type === type;

/** Prometheus text → "name{a="x",b="y"}" → value (labels sorted as prom-client prints them). */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) throw new Error(`unparsable metrics line: ${line}`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

const sample = (m: Map<string, number>, key: string) => m.get(key) ?? 0;

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const failedProbe = (at: number, target: string): AgentRecord => ({
  kind: 'probe',
  at,
  target,
  probe: 'tcp',
  ok: false,
  error: 'ECONNREFUSED',
});

describe('/metrics on a real server fed by a real agent connection (no token: loopback)', () => {
  let server: RunningServer;
  let admin: Api;
  let agent: Agent;
  let stationId = '';

  beforeAll(async () => {
    server = await startServer();
    admin = await login(server);
  });
  afterAll(async () => {
    await agent?.close();
    await server?.stop();
  });

  async function send(seq: number, records: AgentRecord[]) {
    agent.sendJson(batch(seq, records));
    expect((await agent.next<Ack>(isType('ack'))).seq).toBe(seq);
  }

  it('counts batches, records by kind, rejected frames, agents, backlog and incidents', async () => {
    const st = await enrollStation(server, { wardId: 'metrics-w1', hostname: 'pc-m1' });
    stationId = st.stationId;
    const before = await scrape(server.url);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const m0 = parseMetrics(before.text);
    expect(sample(m0, 'wardwatch_connected_agents')).toBe(0);
    // Default process metrics, prefixed like everything else.
    expect(m0.has('wardwatch_process_resident_memory_bytes')).toBe(true);
    expect(m0.has('wardwatch_nodejs_eventloop_lag_seconds')).toBe(true);

    agent = expectOpen(await openAgent(server.url, st.credential));
    agent.sendJson(hello(stationId));
    await agent.next<Welcome>(isType('welcome'));
    const now = Date.now();
    await send(1, [probeRecord(now - 2000, 20), probeRecord(now - 1000, 21)]);
    await send(2, [
      probeRecord(now, 22),
      {
        kind: 'event',
        at: now,
        name: 'outbox',
        detail: JSON.stringify({ batches: 42, bytes: 123_456 }),
      },
      // A broken report is ignored, not an error (the batch is still acked above).
      { kind: 'event', at: now - 1, name: 'outbox', detail: '{"batches":"many"}' },
    ]);
    // Four failed rounds of one target: the detector opens a link incident.
    await send(
      3,
      [40, 30, 20, 10].map((s) => failedProbe(now - s * 1000, 'portal-metrics')),
    );
    await send(3, [probeRecord(now, 99)]); // replay: acked, not counted

    const m1 = parseMetrics((await scrape(server.url)).text);
    expect(sample(m1, 'wardwatch_connected_agents')).toBe(1);
    expect(
      sample(m1, 'wardwatch_batches_ingested_total') -
        sample(m0, 'wardwatch_batches_ingested_total'),
    ).toBe(3);
    const kindDelta = (k: string) =>
      sample(m1, `wardwatch_records_ingested_total{kind="${k}"}`) -
      sample(m0, `wardwatch_records_ingested_total{kind="${k}"}`);
    expect(kindDelta('probe')).toBe(7);
    expect(kindDelta('event')).toBe(2);
    expect(sample(m1, 'wardwatch_batch_commit_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(m1, 'wardwatch_batch_commit_seconds_sum')).toBeGreaterThan(0);
    expect(sample(m1, `wardwatch_agent_outbox_backlog_bytes{station="${stationId}"}`)).toBe(
      123_456,
    );
    expect(sample(m1, `wardwatch_agent_outbox_backlog_batches{station="${stationId}"}`)).toBe(42);

    // A later "drained" report replaces the backlog.
    await send(4, [
      { kind: 'event', at: Date.now(), name: 'outbox', detail: '{"batches":1,"bytes":300}' },
    ]);
    const m2 = parseMetrics((await scrape(server.url)).text);
    expect(sample(m2, `wardwatch_agent_outbox_backlog_bytes{station="${stationId}"}`)).toBe(300);

    // Open incidents by kind and attribution agree with the API.
    const open = await until(
      'an open incident',
      async () => {
        const { items } = await admin.get<{ items: Incident[] }>('/api/v1/incidents?open=true');
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 15_000, everyMs: 200 },
    );
    const want = new Map<string, number>();
    for (const i of open) {
      const key = `wardwatch_open_incidents{kind="${i.kind}",attribution="${i.attribution}"}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    const m3 = parseMetrics((await scrape(server.url)).text);
    const got = new Map([...m3].filter(([k]) => k.startsWith('wardwatch_open_incidents{')));
    expect(got).toEqual(want);

    // Availability over the last 24 h: a ratio per ward.
    const all = sample(m3, 'wardwatch_ward_availability_ratio{ward="metrics-w1",hours="all"}');
    expect(m3.has('wardwatch_ward_availability_ratio{ward="metrics-w1",hours="all"}')).toBe(true);
    expect(all).toBeGreaterThanOrEqual(0);
    expect(all).toBeLessThanOrEqual(1);
  });

  it('counts a rejected frame by code and the agent going away', async () => {
    const m0 = parseMetrics((await scrape(server.url)).text);
    const st = await enrollStation(server, { wardId: 'metrics-w1', hostname: 'pc-m2' });
    const bad = expectOpen(await openAgent(server.url, st.credential));
    bad.sendJson({ v: 1, type: 'batch', seq: 1, sentAt: Date.now(), records: [] });
    await bad.closed;
    await agent.close();
    const m1 = await until(
      'the agent gone from the gauge',
      async () => {
        const m = parseMetrics((await scrape(server.url)).text);
        return sample(m, 'wardwatch_connected_agents') === 0 ? m : undefined;
      },
      { timeoutMs: 10_000, everyMs: 100 },
    );
    const key = 'wardwatch_frames_rejected_total{code="invalid_message"}';
    expect(sample(m1, key) - sample(m0, key)).toBe(1);
  });
});

describe('/metrics access', () => {
  const TOKEN = 'scrape-token-0123456789';
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { WARDWATCH_METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('with a token configured: the token or an admin session, nothing else', async () => {
    const none = await scrape(server.url);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await scrape(server.url, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    const ok = await scrape(server.url, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('wardwatch_connected_agents 0');

    const admin = await login(server);
    expect((await scrape(server.url, { cookie: admin.cookie })).status).toBe(200);
    await admin.post('/api/v1/users', {
      username: 'metrics-viewer',
      password: 'viewer-password-1',
      role: 'viewer',
    });
    const viewer = await login(server, 'metrics-viewer', 'viewer-password-1');
    const denied = await scrape(server.url, { cookie: viewer.cookie });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('without a token: a non-loopback peer needs an admin session', async () => {
    const dir = await tempDir('wardwatch-metrics-');
    const config = testConfig(join(dir.path, 'ww.db'));
    const app = await buildApp(config);
    try {
      const remote = { remoteAddress: '192.0.2.7' };
      const refused = await app.inject({ url: '/metrics', ...remote });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'admin-password' },
        ...remote,
      });
      const cookie = /ww_session=[^;]+/.exec(String(login.headers['set-cookie']))?.[0] ?? '';
      const asAdmin = await app.inject({ url: '/metrics', headers: { cookie }, ...remote });
      expect(asAdmin.statusCode).toBe(200);
      expect(asAdmin.body).toContain('# TYPE wardwatch_open_incidents gauge');
      // The example Grafana dashboard only charts metrics this server exports.
      const exported = new Set([...asAdmin.body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
      const dashboard = await readFile(DASHBOARD, 'utf8');
      const used = [...dashboard.matchAll(/wardwatch_[a-z0-9_]+/g)].map((m) =>
        m[0].replace(/_(bucket|count|sum)$/, ''),
      );
      expect(used.length).toBeGreaterThan(10);
      expect([...new Set(used)].filter((name) => !exported.has(name))).toEqual([]);
      expect((await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(
        200,
      );
    } finally {
      await app.close();
      await dir.remove();
    }
  });
});
