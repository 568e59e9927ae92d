import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AgentRecord,
  ConsoleIncidentMessage,
  Delivery,
  Incident,
  IncidentDetail,
  IncidentList,
  ProbeRecord,
  ServerMessage,
} from '@wardwatch/shared';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
} from '../helpers/server.js';
import { mailText, startHttpReceiver, startSmtpReceiver } from './notify-receivers.js';
import {
  batch,
  expectOpen,
  hello,
  openAgent,
  openSocket,
  wsUrl,
  type TestSocket,
} from './server-ws-client.js';
import { until } from '../helpers/wait.js';

const MIN = 60_000;
const INTERVAL = 10_000;
const WARDS = Array.from({ length: 23 }, (_, i) => `t-w${String(i).padStart(2, '0')}`);
const FAILING = WARDS.slice(0, 20);
const WEBHOOK_SECRET = 'test-secret';

let server: RunningServer;
let admin: Api;
let webhook: Awaited<ReturnType<typeof startHttpReceiver>>;
let telegram: Awaited<ReturnType<typeof startHttpReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let consoleWs: TestSocket<ConsoleIncidentMessage>;
const agents = new Map<
  string,
  { stationId: string; credential: string; socket: TestSocket<ServerMessage> }
>();
let startAt = 0;

async function send(method: 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown, csrf = true) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: admin.cookie,
      ...(csrf && { 'x-csrf-token': admin.csrfToken }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** A good ping of the upstream target (the one that closes a link_down). */
const goodPing = (at: number): ProbeRecord => ({
  kind: 'probe',
  at,
  target: 'csdlqg',
  probe: 'icmp',
  ok: true,
});

const POLL = { timeoutMs: 20_000, everyMs: 200 };

/** An hour of 10-second probe rounds ending now: csdlqg down at 20 wards for the last 40 min. */
function roundsFor(ward: string, index: number): AgentRecord[] {
  const records: AgentRecord[] = [];
  for (let k = 0; k < 360; k++) {
    const at = startAt + k * INTERVAL + index * 97;
    const minute = (at - startAt) / MIN;
    const probe = (target: string, ok: boolean): AgentRecord =>
      ok
        ? {
            kind: 'probe',
            at,
            target,
            probe: 'icmp',
            ok,
            rttMs: { min: 9, avg: 10, max: 12, mdev: 1 },
            sent: 4,
            received: 4,
            lossPct: 0,
          }
        : {
            kind: 'probe',
            at,
            target,
            probe: 'icmp',
            ok,
            sent: 4,
            received: 0,
            lossPct: 100,
            error: 'timeout',
          };
    records.push(probe('gateway', true));
    records.push(probe('csdlqg', !(FAILING.includes(ward) && minute >= 20)));
    records.push(probe('vneid', !(index >= 20 && minute >= 5 && minute < 8)));
  }
  return records;
}

beforeAll(async () => {
  webhook = await startHttpReceiver({ failFirst: 1 });
  telegram = await startHttpReceiver();
  smtp = await startSmtpReceiver();
  server = await startServer({
    env: { WARDWATCH_NOTIFY_DIGEST_MS: '3000', WARDWATCH_NOTIFY_RETRY_MS: '300' },
  });
  admin = await login(server);
  startAt = Date.now() - 60 * MIN;
  for (const [id, name] of [
    ['gateway', 'Ward gateway'],
    ['csdlqg', 'CSDLQG dân cư'],
    ['vneid', 'VNeID'],
  ]) {
    await admin.post('/api/v1/targets', {
      id,
      name,
      probe: 'icmp',
      host: '127.0.0.1',
      intervalMs: INTERVAL,
    });
  }
  const channels = [
    {
      name: 'ops webhook',
      kind: 'webhook',
      config: { url: `${webhook.url}/hook`, secret: WEBHOOK_SECRET },
    },
    {
      name: 'ops telegram',
      kind: 'telegram',
      config: { baseUrl: telegram.url, botToken: '123:abc', chatId: '-10042' },
    },
    {
      name: 'ops mail',
      kind: 'email',
      config: { host: '127.0.0.1', port: smtp.port, from: 'ww@city.test', to: ['it@city.test'] },
    },
  ];
  for (const c of channels) {
    const channel = await admin.post<{ id: number }>('/api/v1/notifications/channels', c);
    await admin.post('/api/v1/notifications/rules', {
      channelId: channel.id,
      minSeverity: 'warning',
    });
  }
  // Planned work on VNeID: minutes 4–9 of the hour.
  await admin.post('/api/v1/maintenance-windows', {
    name: 'VNeID upgrade',
    startsAt: startAt + 4 * MIN,
    endsAt: startAt + 9 * MIN,
    target: 'vneid',
  });
  consoleWs = expectOpen(
    await openSocket<ConsoleIncidentMessage>(wsUrl(server.url, '/ws/console'), {
      cookie: admin.cookie,
    }),
  );
  for (const ward of WARDS) {
    const { stationId, credential } = await enrollStation(server, { wardId: ward });
    const socket = expectOpen(await openAgent(server.url, credential));
    socket.sendJson(hello(stationId));
    await socket.next((m) => m.type === 'welcome');
    agents.set(ward, { stationId, credential, socket });
  }
  // Every station delivers its hour at once (as an outbox would after a cut), in two batches.
  await Promise.all(
    WARDS.map(async (ward, i) => {
      const a = agents.get(ward);
      if (!a) return;
      const records = roundsFor(ward, i);
      a.socket.sendJson(batch(1, records.slice(0, 600)));
      a.socket.sendJson(batch(2, records.slice(600)));
      await a.socket.next((m) => m.type === 'ack' && m.seq === 2);
    }),
  );
}, 120_000);

afterAll(async () => {
  for (const a of agents.values()) await a.socket.close();
  await consoleWs?.close();
  await server?.stop();
  await webhook?.close();
  await telegram?.close();
  await smtp?.close();
});

const listAll = async (query: string): Promise<Incident[]> =>
  (await admin.get<IncidentList>(`/api/v1/incidents?${query}`)).items;

describe('incidents from a city-wide upstream outage', () => {
  it('one upstream link_down per failing ward, with exact start times and the wards as evidence', async () => {
    const downs = await until(
      '20 upstream incidents',
      async () => {
        const items = await listAll('kind=link_down&open=true');
        // Cross-ward evidence settles on the detector's next tick (1 s).
        const upstream = items.filter(
          (i) =>
            i.target === 'csdlqg' && i.attribution === 'upstream' && i.evidence.wardCount === 20,
        );
        return upstream.length === 20 ? upstream : undefined;
      },
      POLL,
    );
    expect(downs.map((d) => d.wardId).sort()).toEqual(FAILING);
    for (const d of downs) {
      const i = WARDS.indexOf(d.wardId);
      // The first bad round: minute 20 (plus the ward's phase and the clock offset measured at
      // hello, a few ms, more on a loaded machine).
      expect(Math.abs(d.startedAt - (startAt + 20 * MIN + i * 97))).toBeLessThan(5000);
      expect(d).toMatchObject({ endedAt: null, severity: 'critical', acknowledged: false });
      expect((d.evidence.wards as string[]).length).toBe(20);
    }
    const others = (await listAll('open=true')).filter((i) => i.kind !== 'link_down');
    // No scanner, no device reports: nothing else is open (stations are fresh, gateways fine).
    expect(others).toEqual([]);
  });

  it('the planned VNeID work is attributed to its maintenance window', async () => {
    const planned = (await listAll(`kind=link_down&to=${startAt + 10 * MIN}`)).filter(
      (i) => i.target === 'vneid',
    );
    expect(planned).toHaveLength(3);
    for (const p of planned) {
      expect(p.attribution).toBe('planned');
      expect(p.severity).toBe('info');
      expect(p.endedAt).not.toBeNull();
      expect(p.evidence.window).toBe('VNeID upgrade');
    }
  });

  it('filters by overlap, ward and kind, and pages with next', async () => {
    const early = await listAll(`from=${startAt}&to=${startAt + 15 * MIN}`);
    expect(early.every((i) => i.target === 'vneid')).toBe(true);
    const ward0 = await listAll(`ward=${WARDS[0]}`);
    expect(ward0.map((i) => i.target)).toEqual(['csdlqg']);
    const seen: Incident[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await admin.get<IncidentList>(
        `/api/v1/incidents?kind=link_down&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items);
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen.map((i) => i.id)).size).toBe(23);
    const starts = seen.map((i) => i.startedAt);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  });

  it('sends ONE digest per channel for the 20 wards, signed, retried once, logged', async () => {
    const deliveries = await until(
      'three sent deliveries',
      async () => {
        const { items } = await admin.get<{ items: Delivery[] }>(
          '/api/v1/notifications/deliveries',
        );
        return items.length >= 3 && items.every((d) => d.status === 'sent') ? items : undefined;
      },
      POLL,
    );
    expect(deliveries).toHaveLength(3);
    expect(deliveries.map((d) => d.incidentIds.length)).toEqual([20, 20, 20]);
    expect(deliveries.map((d) => d.attempts).sort()).toEqual([1, 1, 2]);

    expect(webhook.hits).toHaveLength(1);
    const hit = webhook.hits[0];
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET)
      .update(hit?.body ?? '')
      .digest('hex')}`;
    expect(hit?.headers['x-wardwatch-signature']).toBe(expected);
    const payload = JSON.parse(hit?.body ?? '{}') as {
      events: { change: string; incident: Incident }[];
    };
    expect(payload.events).toHaveLength(20);
    expect(
      payload.events.every((e) => e.change === 'opened' && e.incident.attribution === 'upstream'),
    ).toBe(true);

    expect(telegram.hits).toHaveLength(1);
    expect(telegram.hits[0]?.path).toBe('/bot123:abc/sendMessage');
    const tg = JSON.parse(telegram.hits[0]?.body ?? '{}') as { chat_id: string; text: string };
    expect(tg.chat_id).toBe('-10042');
    expect(tg.text).toContain('link_down csdlqg (upstream): 20 ward(s)');

    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['it@city.test']);
    expect(mailText(smtp.mails[0]?.data ?? '')).toContain('20 opened, 0 closed');
  });

  it('closes at the first good round, pushes it live, and takes acks and notes (with CSRF)', async () => {
    const ward = WARDS[0] as string;
    const a = agents.get(ward);
    const open = (await listAll(`ward=${ward}&open=true`))[0];
    if (!a || !open) throw new Error('setup');
    const firstGood = Date.now();
    const good = (at: number): AgentRecord => ({
      ...goodPing(at),
      rttMs: { min: 9, avg: 10, max: 11, mdev: 1 },
    });
    a.socket.sendJson(batch(3, [good(firstGood), good(firstGood + INTERVAL)]));
    const closedMsg = await consoleWs.next(
      (m) => m.type === 'incident' && m.change === 'closed' && m.incident.id === open.id,
    );
    expect(Math.abs((closedMsg.incident.endedAt ?? 0) - firstGood)).toBeLessThan(5000);

    expect((await send('POST', `/api/v1/incidents/${open.id}/ack`, {}, false)).status).toBe(403);
    const acked = await send('POST', `/api/v1/incidents/${open.id}/ack`, { note: 'VNPT informed' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ acknowledged: true, acknowledgedBy: 'admin' });
    const ackMsg = await consoleWs.next(
      (m) => m.type === 'incident' && m.change === 'acknowledged',
    );
    expect(ackMsg.incident.id).toBe(open.id);
    expect(
      (await send('POST', `/api/v1/incidents/${open.id}/notes`, { text: 'line checked' })).status,
    ).toBe(204);

    const detail = await admin.get<IncidentDetail>(`/api/v1/incidents/${open.id}`);
    expect(detail.incident.endedAt).toBe(closedMsg.incident.endedAt);
    const types = detail.timeline.map((e) => e.type);
    expect(types[0]).toBe('opened');
    expect(types).toEqual(expect.arrayContaining(['closed', 'acknowledged', 'note']));
    expect(detail.timeline.find((e) => e.type === 'note')?.detail).toBe('line checked');
    expect((await send('POST', '/api/v1/incidents/999999/ack', {})).status).toBe(404);
  });

  it('after a restart an open incident continues and closes under the same id', async () => {
    const ward = WARDS[1] as string;
    const a = agents.get(ward);
    const open = (await listAll(`ward=${ward}&open=true`))[0];
    if (!a || !open) throw new Error('setup');
    await server.restart();
    admin = await login(server);
    const socket = expectOpen(await openAgent(server.url, a.credential));
    socket.sendJson(hello(a.stationId, Date.now(), 2));
    await socket.next((m) => m.type === 'welcome');
    const t = Date.now();
    socket.sendJson(batch(3, [goodPing(t), goodPing(t + INTERVAL)]));
    await socket.next((m) => m.type === 'ack');
    const after = await until(
      'the incident closed',
      async () => {
        const row = (await admin.get<IncidentDetail>(`/api/v1/incidents/${open.id}`)).incident;
        return row.endedAt !== null ? row : undefined;
      },
      POLL,
    );
    expect(Math.abs((after.endedAt ?? 0) - t)).toBeLessThan(5000);
    expect((await listAll(`ward=${ward}`)).map((i) => i.id)).toEqual([open.id]);
    await socket.close();
  });

  it('edits thresholds, the calendar and maintenance windows through the API (admin)', async () => {
    const put = await send('PUT', '/api/v1/detector/settings', {
      global: { link: { openAfter: 4 } },
      targets: { vneid: { link: { degradedRttMs: 800 } } },
    });
    expect(put.status).toBe(200);
    const got = await admin.get<{ settings: unknown; defaults: { link: { openAfter: number } } }>(
      '/api/v1/detector/settings',
    );
    expect(got.settings).toEqual({
      global: { link: { openAfter: 4 } },
      targets: { vneid: { link: { degradedRttMs: 800 } } },
    });
    expect(got.defaults.link.openAfter).toBe(3);
    expect(
      (await send('PUT', '/api/v1/detector/settings', { global: { link: { openAfter: 0 } } }))
        .status,
    ).toBe(400);

    const cal = await admin.get<{ week: { sat: unknown[] } }>('/api/v1/calendar');
    expect(cal.week.sat).toEqual([{ from: '07:00', to: '11:30' }]);
    const edited = { ...cal, week: { ...cal.week, sat: [] }, holidays: ['2026-09-02'] };
    expect((await send('PUT', '/api/v1/calendar', edited)).status).toBe(200);
    expect(await admin.get('/api/v1/calendar')).toEqual(edited);

    const { items } = await admin.get<{ items: { id: number }[] }>('/api/v1/maintenance-windows');
    expect(items).toHaveLength(1);
    expect((await send('DELETE', `/api/v1/maintenance-windows/${items[0]?.id}`)).status).toBe(204);
    expect((await admin.get<{ items: unknown[] }>('/api/v1/maintenance-windows')).items).toEqual(
      [],
    );
    const bad = await send('POST', '/api/v1/maintenance-windows', {
      name: 'x',
      startsAt: 10,
      endsAt: 5,
    });
    expect(bad.status).toBe(400);
    const channels = await admin.get<{ items: { config: Record<string, unknown> }[] }>(
      '/api/v1/notifications/channels',
    );
    expect(channels.items.map((c) => c.config.secret ?? c.config.botToken ?? null)).toEqual([
      '***',
      '***',
      null,
    ]);
  });
});
