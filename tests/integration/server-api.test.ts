import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConsoleMessage,
  ServerMessage,
  StationView,
  Target,
  Welcome,
} from '@wardwatch/shared';
import {
  HttpError,
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
  openConsole,
  probeRecord,
} from './server-ws-client.js';

let server: RunningServer;
let admin: Api;

beforeAll(async () => {
  server = await startServer();
  admin = await login(server);
});
afterAll(async () => {
  await server?.stop();
});

async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as unknown };
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
}

describe('REST API', () => {
  it('answers health without a login', async () => {
    const { status, body } = await raw('/api/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', store: 'sqlite' });
  });

  it('refuses reads without a session (401) and unknown routes (404), as error bodies', async () => {
    for (const path of [
      '/api/v1/stations',
      '/api/v1/wards',
      '/api/v1/records',
      '/api/v1/auth/me',
    ]) {
      const { status, body } = await raw(path);
      expect(status, path).toBe(401);
      expect(body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await raw('/api/v1/nope')).status).toBe(404);
  });

  it('rejects a wrong password with 401', async () => {
    expect(await statusOf(login(server, 'admin', 'wrong-password'))).toBe(401);
    expect(await statusOf(login(server, 'nobody', 'whatever'))).toBe(401);
  });

  it('returns the user and csrf token from /auth/me', async () => {
    const me = await admin.get<{ user: { username: string; role: string }; csrfToken: string }>(
      '/api/v1/auth/me',
    );
    expect(me).toEqual({
      user: { username: 'admin', role: 'admin', wardId: null },
      csrfToken: admin.csrfToken,
    });
  });

  it('requires the CSRF header on state changes made with a session (403)', async () => {
    const body = JSON.stringify({ id: 'csrf-ward', name: 'CSRF' });
    const headers = { cookie: admin.cookie, 'content-type': 'application/json' };
    const missing = await raw('/api/v1/wards', { method: 'POST', headers, body });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ error: { code: 'forbidden' } });
    const wrong = await raw('/api/v1/wards', {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': 'nope' },
      body,
    });
    expect(wrong.status).toBe(403);
    const wards = await admin.get<{ items: { id: string }[] }>('/api/v1/wards');
    expect(wards.items.some((w) => w.id === 'csrf-ward')).toBe(false);
  });

  it('creates and reads wards, validating bodies', async () => {
    const ward = await admin.post('/api/v1/wards', { id: 'tran-phu', name: 'Phường Trần Phú' });
    expect(ward).toEqual({ id: 'tran-phu', name: 'Phường Trần Phú' });
    expect(await admin.get('/api/v1/wards/tran-phu')).toEqual(ward);
    expect(await statusOf(admin.get('/api/v1/wards/nowhere'))).toBe(404);
    expect(await statusOf(admin.post('/api/v1/wards', ward))).toBe(409);
    expect(await statusOf(admin.post('/api/v1/wards', { id: 'Bad Id', name: 'x' }))).toBe(400);
  });

  it('renames a ward (admin, audited); the id stays; bad bodies 400, unknown ids 404', async () => {
    await admin.post('/api/v1/wards', {
      id: 'rename-ward',
      name: 'Phường Nghĩa Lộ',
      district: 'x',
    });
    const renamed = await admin.patch('/api/v1/wards/rename-ward', {
      name: 'Phường Nghĩa Lộ (sáp nhập)',
      district: null,
    });
    expect(renamed).toEqual({ id: 'rename-ward', name: 'Phường Nghĩa Lộ (sáp nhập)' });
    expect(await admin.get('/api/v1/wards/rename-ward')).toEqual(renamed);
    for (const body of [{}, { name: '' }, { id: 'other' }]) {
      expect(
        await statusOf(admin.patch('/api/v1/wards/rename-ward', body)),
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(await statusOf(admin.patch('/api/v1/wards/nowhere', { name: 'x' }))).toBe(404);
    const audit = await admin.get<{ items: { action: string; detail: string }[] }>(
      '/api/v1/audit?limit=5',
    );
    expect(audit.items.find((e) => e.action === 'ward.update')?.detail).toContain('sáp nhập');
  });

  it('makes enrollment tokens one-time', async () => {
    await admin.post('/api/v1/wards', { id: 'enroll-ward', name: 'Enroll' });
    const { token, expiresAt } = await admin.post<{ token: string; expiresAt: number }>(
      '/api/v1/enrollment-tokens',
      { wardId: 'enroll-ward' },
    );
    expect(expiresAt).toBeGreaterThan(Date.now());
    const enroll = () =>
      raw('/api/v1/enroll', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, hostname: 'pc-enroll' }),
      });
    const first = await enroll();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ wardId: 'enroll-ward' });
    const again = await enroll();
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await statusOf(admin.post('/api/v1/enrollment-tokens', { wardId: 'ghost' }))).toBe(404);
  });

  /** An enrolled station in each of two wards, each with an agent socket past its welcome. */
  const agentsInTwoWards = async (ward: string, otherWard: string) => {
    const st = await enrollStation(server, { wardId: ward });
    const other = await enrollStation(server, { wardId: otherWard });
    const agent = expectOpen(await openAgent(server.url, st.credential));
    const otherAgent = expectOpen(await openAgent(server.url, other.credential));
    agent.sendJson(hello(st.stationId));
    otherAgent.sendJson(hello(other.stationId));
    await agent.next((m) => m.type === 'welcome');
    await otherAgent.next((m) => m.type === 'welcome');
    return { st, other, agent, otherAgent };
  };

  it('pushes a created target to connected agents as a fresh welcome', async () => {
    const { agent, otherAgent } = await agentsInTwoWards('target-ward', 'other-ward');
    agent.sendJson(batch(1, [probeRecord(Date.now(), 3)]));
    await agent.next((m) => m.type === 'ack');

    const target = await admin.post<Target>('/api/v1/targets', {
      id: 'ward-gw',
      name: 'Ward gateway',
      probe: 'icmp',
      host: '127.0.0.1',
      wardId: 'target-ward',
    });
    expect(target).toEqual({
      id: 'ward-gw',
      name: 'Ward gateway',
      probe: 'icmp',
      host: '127.0.0.1',
      wardId: 'target-ward',
      intervalMs: 10_000,
    });
    const welcome = await agent.next<Welcome>((m: ServerMessage) => m.type === 'welcome');
    expect(welcome.ackedSeq).toBe(1);
    expect(welcome.config.targets.map((t) => t.id)).toContain('ward-gw');

    // A city-wide target reaches the other ward's agent too; the ward target never did.
    await admin.post('/api/v1/targets', {
      name: 'VNeID',
      probe: 'http',
      url: 'http://127.0.0.1:9/',
    });
    const otherWelcome = await otherAgent.next<Welcome>((m) => m.type === 'welcome');
    expect(otherWelcome.config.targets.map((t) => t.id)).toEqual(['vneid']);

    const list = await admin.get<{ items: Target[] }>('/api/v1/targets');
    expect(list.items.map((t) => t.id).sort()).toEqual(['vneid', 'ward-gw']);
    expect(await statusOf(admin.post('/api/v1/targets', { name: 'x', probe: 'tcp' }))).toBe(400);
    await agent.close();
    await otherAgent.close();
  });

  it('edits and deletes a target: agents get the new config, history and audit stay', async () => {
    const { st, agent, otherAgent } = await agentsInTwoWards('edit-ward', 'edit-other-ward');
    const configOf = async (a: typeof agent) => {
      const welcome = await a.next<Welcome>((m: ServerMessage) => m.type === 'welcome');
      return welcome.config.targets.find((t) => t.id === 'edit-portal');
    };

    await admin.post('/api/v1/targets', {
      id: 'edit-portal',
      name: 'Cổng DVC',
      probe: 'tcp',
      host: '10.9.9.9',
      port: 443,
      wardId: 'edit-ward',
    });
    expect(await configOf(agent)).toMatchObject({ host: '10.9.9.9', intervalMs: 10_000 });
    agent.sendJson(batch(1, [probeRecord(Date.now(), 3, 'edit-portal')]));
    await agent.next((m) => m.type === 'ack');

    const edited = await admin.patch<Target>('/api/v1/targets/edit-portal', {
      host: '127.0.0.1',
      intervalMs: 30_000,
      timeoutMs: 2_000,
    });
    const expected = {
      id: 'edit-portal',
      name: 'Cổng DVC',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 443,
      intervalMs: 30_000,
      timeoutMs: 2_000,
      wardId: 'edit-ward',
    };
    expect(edited).toEqual(expected);
    expect(await configOf(agent)).toEqual(expected);

    // null clears: the target becomes city-wide and reaches the other ward's agent.
    const cityWide = await admin.patch<Target>('/api/v1/targets/edit-portal', {
      wardId: null,
      timeoutMs: null,
    });
    expect(cityWide).not.toHaveProperty('wardId');
    expect(cityWide).not.toHaveProperty('timeoutMs');
    expect(await configOf(otherAgent)).toEqual(cityWide);
    expect(await configOf(agent)).toEqual(cityWide);

    // Bad bodies: schema (400), a shape the probe cannot run (400), an unknown ward (404).
    for (const body of [{}, { port: 0 }, { colour: 'red' }, { intervalMs: 10 }]) {
      expect(
        await statusOf(admin.patch('/api/v1/targets/edit-portal', body)),
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(await statusOf(admin.patch('/api/v1/targets/edit-portal', { host: null }))).toBe(400);
    expect(await statusOf(admin.patch('/api/v1/targets/edit-portal', { probe: 'http' }))).toBe(400);
    expect(await statusOf(admin.patch('/api/v1/targets/edit-portal', { wardId: 'ghost' }))).toBe(
      404,
    );
    expect(await statusOf(admin.patch('/api/v1/targets/nope', { port: 1 }))).toBe(404);
    const list = await admin.get<{ items: Target[] }>('/api/v1/targets');
    expect(list.items.find((t) => t.id === 'edit-portal')).toEqual(cityWide);

    await admin.delete('/api/v1/targets/edit-portal');
    expect(await configOf(agent)).toBeUndefined();
    expect(await configOf(otherAgent)).toBeUndefined();
    expect(await statusOf(admin.delete('/api/v1/targets/edit-portal'))).toBe(404);
    expect(await statusOf(admin.patch('/api/v1/targets/edit-portal', { port: 1 }))).toBe(404);
    const after = await admin.get<{ items: Target[] }>('/api/v1/targets');
    expect(after.items.map((t) => t.id)).not.toContain('edit-portal');
    // Reports of a period that began before the delete still list it; later ones do not.
    const reportTargets = async (from: number) => {
      const report = await admin.get<{
        wards: { wardId: string; targets: { target: string }[] }[];
      }>(
        `/api/v1/reports/evidence?from=${from}&to=${Date.now() + 60_000}&ward=edit-ward&format=json`,
      );
      return report.wards.flatMap((w) => w.targets.map((t) => t.target));
    };
    expect(await reportTargets(Date.now() - 3_600_000)).toContain('edit-portal');
    expect(await reportTargets(Date.now() + 1)).not.toContain('edit-portal');
    // Its records stay.
    const records = await admin.get<{ items: { target?: string }[] }>(
      `/api/v1/records?station=${st.stationId}&kind=probe`,
    );
    expect(records.items.map((r) => r.target)).toContain('edit-portal');

    const audit = await admin.get<{ items: { action: string; detail: string }[] }>(
      '/api/v1/audit?limit=20',
    );
    const actions = audit.items
      .filter((e) => e.detail.includes('edit-portal'))
      .map((e) => e.action);
    expect(actions).toEqual(['target.delete', 'target.update', 'target.update', 'target.create']);
    await agent.close();
    await otherAgent.close();
  });

  it('logs out: the session cookie stops working', async () => {
    const api = await login(server);
    await api.post('/api/v1/auth/logout', {});
    expect(await statusOf(api.get('/api/v1/stations'))).toBe(401);
  });
});

describe('/ws/console', () => {
  it('refuses the upgrade without a session', async () => {
    expect(await openConsole(server.url, '')).toEqual({ ok: false, status: 401 });
    expect(await openConsole(server.url, 'ww_session=forged')).toEqual({ ok: false, status: 401 });
  });

  it('sends a snapshot, then station changes as agents connect, report and leave', async () => {
    const st = await enrollStation(server, { wardId: 'live-ward', hostname: 'pc-live' });
    const consoleWs = expectOpen(await openConsole(server.url, admin.cookie));
    const snapshot = await consoleWs.next();
    expect(snapshot.type).toBe('snapshot');
    const mine = (m: ConsoleMessage) => m.type === 'station' && m.station.id === st.stationId;
    if (snapshot.type === 'snapshot') {
      expect(snapshot.stations.find((s) => s.id === st.stationId)).toMatchObject({
        online: false,
        lastSeenAt: null,
      });
    }

    const agent = expectOpen(await openAgent(server.url, st.credential));
    agent.sendJson(hello(st.stationId));
    await agent.next((m) => m.type === 'welcome');
    // The enrollment itself may still be in the coalescing window: wait for the online view.
    let view: StationView | null = null;
    while (view?.online !== true) {
      const m = await consoleWs.next(mine);
      view = m.type === 'station' ? m.station : null;
    }
    expect(view.online).toBe(true);

    agent.sendJson(batch(1, [probeRecord(Date.now(), 42)]));
    await agent.next((m) => m.type === 'ack');
    while (view?.lastRttMs !== 42) {
      const m = await consoleWs.next(mine);
      view = m.type === 'station' ? m.station : null;
    }
    expect(view).toMatchObject({ online: true, lastProbeOk: true, wardId: 'live-ward' });

    await agent.close();
    while (view?.online !== false) {
      const m = await consoleWs.next(mine);
      view = m.type === 'station' ? m.station : null;
    }
    expect(view.online).toBe(false);
    await consoleWs.close();
  });
});

describe('/ws/console after the session ends', () => {
  /** A state-changing call as `who` (cookie + CSRF), for the verbs Api has no method for. */
  const send = (who: Api, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        cookie: who.cookie,
        'x-csrf-token': who.csrfToken,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const officerConsole = async (password: string) => {
    const officer = await login(server, 'sess-officer', password);
    const ws = expectOpen(await openConsole(server.url, officer.cookie));
    expect((await ws.next()).type).toBe('snapshot');
    return { officer, ws };
  };

  /** Closed at once by the change on this instance, not by the 15 s recheck. */
  const closedSoon = (ws: { closed: Promise<{ code: number; reason: string }> }) =>
    Promise.race([
      ws.closed,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('console socket still open after 5 s')), 5000),
      ),
    ]);

  it('closes the sockets of a moved, a logged-out and a deleted user; others stay', async () => {
    for (const id of ['sess-a', 'sess-b'])
      await admin.post('/api/v1/wards', { id, name: `Phường ${id}` });
    const password = 'officer-pw-123456';
    await admin.post('/api/v1/users', {
      username: 'sess-officer',
      password,
      role: 'officer',
      wardId: 'sess-a',
    });
    const adminWs = expectOpen(await openConsole(server.url, admin.cookie));
    await adminWs.next();

    // Moved to another ward: the socket opened with the old ward's rights closes.
    const moved = await officerConsole(password);
    const patch = await send(admin, 'PATCH', '/api/v1/users/sess-officer', { wardId: 'sess-b' });
    expect(patch.status).toBe(200);
    expect(await closedSoon(moved.ws)).toEqual({ code: 4401, reason: 'session ended' });

    // Logged out in another tab.
    const out = await officerConsole(password);
    expect((await send(out.officer, 'POST', '/api/v1/auth/logout')).status).toBeLessThan(300);
    expect((await closedSoon(out.ws)).code).toBe(4401);

    // Deleted.
    const gone = await officerConsole(password);
    expect((await send(admin, 'DELETE', '/api/v1/users/sess-officer')).status).toBeLessThan(300);
    expect((await closedSoon(gone.ws)).code).toBe(4401);

    // The admin's own console saw none of it as its own session ending.
    expect(adminWs.ws.readyState).toBe(adminWs.ws.OPEN);
    await adminWs.close();
  });
});

describe('process lifecycle', () => {
  it('keeps data across a restart on the same port and database', async () => {
    const own = await startServer();
    try {
      const st = await enrollStation(own, { wardId: 'restart-ward' });
      const agent = expectOpen(await openAgent(own.url, st.credential));
      agent.sendJson(hello(st.stationId));
      await agent.next((m) => m.type === 'welcome');
      agent.sendJson(batch(3, [probeRecord(Date.now(), 8)]));
      await agent.next((m) => m.type === 'ack');
      const port = own.port;
      await own.kill();
      await agent.closed;
      await own.restart();
      expect(own.port).toBe(port);
      const again = expectOpen(await openAgent(own.url, st.credential));
      again.sendJson(hello(st.stationId, Date.now(), 3));
      const welcome = await again.next<Welcome>((m) => m.type === 'welcome');
      expect(welcome.ackedSeq).toBe(3);
      const api = await login(own);
      const { items } = await api.get<{ items: unknown[] }>(
        `/api/v1/records?station=${st.stationId}`,
      );
      expect(items).toHaveLength(1);
      // SIGTERM with an agent still connected: the server closes it and exits.
      await own.stop();
      expect((await again.closed).code).toBe(1001);
    } finally {
      await own.stop();
    }
  });

  it('keeps the retention policy an admin sets, and refuses one with holes, naming the field', async () => {
    const path = '/api/v1/settings/retention';
    expect(await admin.get(path)).toEqual({ rawDays: 30, rollup5mDays: 92, historyDays: 1096 });
    const policy = { rawDays: 14, rollup5mDays: 60, historyDays: 730 };
    expect(await admin.put(path, policy)).toEqual(policy);
    expect(await admin.get(path)).toEqual(policy);
    const bad = await admin.put(path, { ...policy, rawDays: 90 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(HttpError);
    expect((bad as HttpError).status).toBe(400);
    expect((bad as HttpError).body).toMatch(/rollup5mDays \(60\) must be at least rawDays \(90\)/);
    expect(await statusOf(admin.put(path, { ...policy, rawDays: 0 }))).toBe(400);
    expect(await statusOf(admin.put(path, { ...policy, extra: 1 }))).toBe(400);
    expect(await admin.get(path)).toEqual(policy);
    const audit = await admin.get<{ items: { action: string }[] }>('/api/v1/audit');
    expect(audit.items.some((e) => e.action === 'retention.set')).toBe(true);
  });
});
