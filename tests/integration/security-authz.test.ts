import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { SECURITY_HEADERS } from '../../server/src/plugins/security-headers.js';
import { tempDir } from '../helpers/tmp.js';
import { testConfig } from '../helpers/config.js';

/**
 * Authorization matrix: every registered route × every role (and anonymous). The route list
 * comes from the app itself (an onRoute hook), so a new route without an entry in EXPECT fails.
 */
type Role = 'anon' | 'admin' | 'officer' | 'viewer';
const ROLES: readonly Role[] = ['anon', 'admin', 'officer', 'viewer'];
/** allow: authorization passed (any status but 401/403, and no 5xx); login: 401; deny: 403. */
type Verdict = 'allow' | 'login' | 'deny';

interface Req {
  url: string;
  body?: unknown;
}
interface Expectation {
  /** Builds a valid request (fresh ids per call, so admin creations never collide). */
  req: () => Req | Promise<Req>;
  verdict: Record<Role, Verdict>;
  /** Routes other parts of the project add: checked when present. */
  optional?: boolean;
}

const ANY: Record<Role, Verdict> = {
  anon: 'allow',
  admin: 'allow',
  officer: 'allow',
  viewer: 'allow',
};
const READ: Record<Role, Verdict> = {
  anon: 'login',
  admin: 'allow',
  officer: 'allow',
  viewer: 'allow',
};
const ADMIN: Record<Role, Verdict> = {
  anon: 'login',
  admin: 'allow',
  officer: 'deny',
  viewer: 'deny',
};
const AGENT_ONLY: Record<Role, Verdict> = {
  anon: 'login',
  admin: 'login',
  officer: 'login',
  viewer: 'login',
};

let n = 0;
const uniq = (p: string) => `${p}-${++n}`;

let dir: { path: string; remove(): Promise<void> };
let app: Awaited<ReturnType<typeof buildApp>>;
const sessions = new Map<Role, { cookie: string; csrf: string }>();
let stationB = '';
let stationA = '';

async function inject(method: string, url: string, role: Role, body?: unknown, csrf = true) {
  const s = sessions.get(role);
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(s && { cookie: s.cookie }),
      ...(s && csrf && { 'x-csrf-token': s.csrf }),
    },
    ...(body !== undefined && { payload: body as object }),
  });
  return res;
}

async function asAdmin<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await inject(method, url, 'admin', body);
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

async function enroll(wardId: string): Promise<string> {
  const { token } = await asAdmin<{ token: string }>('POST', '/api/v1/enrollment-tokens', {
    wardId,
  });
  const res = await inject('POST', '/api/v1/enroll', 'anon', { token, hostname: uniq('pc') });
  return (res.json() as { stationId: string }).stationId;
}

/** A login attempt, anonymous. */
const loginRequest = (username: string, password: string) =>
  inject('POST', '/api/v1/auth/login', 'anon', { username, password });

async function createUser(
  username: string,
  password: string,
  role: 'admin' | 'officer' | 'viewer',
  wardId?: string,
): Promise<void> {
  await asAdmin(
    'POST',
    '/api/v1/users',
    wardId === undefined ? { username, password, role } : { username, password, role, wardId },
  );
}

/** A fresh viewer for the user routes to act on; returns its username. */
async function throwawayUser(): Promise<string> {
  const username = uniq('u');
  await createUser(username, 'a-long-password', 'viewer');
  return username;
}

const windowBody = () => ({
  name: uniq('m'),
  startsAt: 1_900_000_000_000,
  endsAt: 1_900_000_600_000,
});
const channelBody = () => ({
  name: uniq('c'),
  kind: 'webhook',
  config: { url: 'http://127.0.0.1:9/', secret: 's' },
});
const createChannel = () =>
  asAdmin<{ id: number }>('POST', '/api/v1/notifications/channels', channelBody());

/** A fresh target for the edit and delete routes to act on; returns its id. */
async function createTarget(): Promise<string> {
  const id = uniq('t');
  await asAdmin('POST', '/api/v1/targets', {
    id,
    name: 'Portal',
    probe: 'tcp',
    host: '127.0.0.1',
    port: 443,
  });
  return id;
}

const EXPECT: Record<string, Expectation> = {
  'GET /api/v1/health': { req: () => ({ url: '/api/v1/health' }), verdict: ANY },
  'POST /api/v1/auth/login': {
    req: () => ({
      url: '/api/v1/auth/login',
      body: { username: 'viewer1', password: 'viewer-password-1' },
    }),
    verdict: ANY,
  },
  'POST /api/v1/auth/logout': {
    // Exercised below with throwaway sessions; here only anonymous is checked.
    req: () => ({ url: '/api/v1/auth/logout' }),
    verdict: { anon: 'login', admin: 'allow', officer: 'allow', viewer: 'allow' },
  },
  'GET /api/v1/auth/me': { req: () => ({ url: '/api/v1/auth/me' }), verdict: READ },
  'GET /api/v1/wards': { req: () => ({ url: '/api/v1/wards' }), verdict: READ },
  'POST /api/v1/wards': {
    req: () => ({ url: '/api/v1/wards', body: { id: uniq('w'), name: 'New ward' } }),
    verdict: ADMIN,
  },
  'GET /api/v1/wards/:id': { req: () => ({ url: '/api/v1/wards/ward-a' }), verdict: READ },
  'PATCH /api/v1/wards/:id': {
    req: () => ({ url: '/api/v1/wards/ward-a', body: { name: 'Ward A' } }),
    verdict: ADMIN,
  },
  'POST /api/v1/enrollment-tokens': {
    req: () => ({ url: '/api/v1/enrollment-tokens', body: { wardId: 'ward-a' } }),
    verdict: ADMIN,
  },
  'POST /api/v1/enroll': {
    req: async () => {
      const { token } = await asAdmin<{ token: string }>('POST', '/api/v1/enrollment-tokens', {
        wardId: 'ward-a',
      });
      return { url: '/api/v1/enroll', body: { token, hostname: uniq('pc') } };
    },
    verdict: ANY,
  },
  'GET /api/v1/stations': { req: () => ({ url: '/api/v1/stations' }), verdict: READ },
  'POST /api/v1/stations/:id/revoke': {
    req: async () => ({ url: `/api/v1/stations/${await enroll('ward-a')}/revoke` }),
    verdict: ADMIN,
  },
  'POST /api/v1/stations/:id/rotate': {
    req: async () => ({ url: `/api/v1/stations/${await enroll('ward-a')}/rotate` }),
    verdict: ADMIN,
  },
  'GET /api/v1/targets': { req: () => ({ url: '/api/v1/targets' }), verdict: READ },
  'POST /api/v1/targets': {
    req: () => ({
      url: '/api/v1/targets',
      body: { id: uniq('t'), name: 'Portal', probe: 'tcp', host: '127.0.0.1', port: 443 },
    }),
    verdict: ADMIN,
  },
  'PATCH /api/v1/targets/:id': {
    req: async () => ({ url: `/api/v1/targets/${await createTarget()}`, body: { port: 8443 } }),
    verdict: ADMIN,
  },
  'DELETE /api/v1/targets/:id': {
    req: async () => ({ url: `/api/v1/targets/${await createTarget()}` }),
    verdict: ADMIN,
  },
  'GET /api/v1/records': { req: () => ({ url: '/api/v1/records' }), verdict: READ },
  'GET /api/v1/series': {
    req: () => ({ url: `/api/v1/series?station=${stationA}&metric=cpu` }),
    verdict: READ,
  },
  'GET /api/v1/incidents': { req: () => ({ url: '/api/v1/incidents' }), verdict: READ },
  // Unknown ids: 404 for everyone logged in (authorization is checked per incident's ward).
  'GET /api/v1/incidents/:id': { req: () => ({ url: '/api/v1/incidents/999999' }), verdict: READ },
  'POST /api/v1/incidents/:id/ack': {
    req: () => ({ url: '/api/v1/incidents/999999/ack', body: {} }),
    verdict: READ,
  },
  'POST /api/v1/incidents/:id/notes': {
    req: () => ({ url: '/api/v1/incidents/999999/notes', body: { text: 'checked' } }),
    verdict: READ,
  },
  'GET /api/v1/maintenance-windows': {
    req: () => ({ url: '/api/v1/maintenance-windows' }),
    verdict: READ,
  },
  'POST /api/v1/maintenance-windows': {
    req: () => ({ url: '/api/v1/maintenance-windows', body: windowBody() }),
    verdict: ADMIN,
  },
  'DELETE /api/v1/maintenance-windows/:id': {
    req: async () => {
      const m = await asAdmin<{ id: number }>('POST', '/api/v1/maintenance-windows', windowBody());
      return { url: `/api/v1/maintenance-windows/${m.id}` };
    },
    verdict: ADMIN,
  },
  'GET /api/v1/detector/settings': {
    req: () => ({ url: '/api/v1/detector/settings' }),
    verdict: READ,
  },
  'PUT /api/v1/detector/settings': {
    req: async () => ({
      url: '/api/v1/detector/settings',
      body: (await asAdmin<{ settings: unknown }>('GET', '/api/v1/detector/settings')).settings,
    }),
    verdict: ADMIN,
  },
  'GET /api/v1/calendar': { req: () => ({ url: '/api/v1/calendar' }), verdict: READ },
  'PUT /api/v1/calendar': {
    req: async () => ({
      url: '/api/v1/calendar',
      body: await asAdmin<unknown>('GET', '/api/v1/calendar'),
    }),
    verdict: ADMIN,
  },
  'GET /api/v1/settings/retention': {
    req: () => ({ url: '/api/v1/settings/retention' }),
    verdict: READ,
  },
  'PUT /api/v1/settings/retention': {
    req: async () => ({
      url: '/api/v1/settings/retention',
      body: await asAdmin<unknown>('GET', '/api/v1/settings/retention'),
    }),
    verdict: ADMIN,
  },
  'GET /api/v1/notifications/channels': {
    req: () => ({ url: '/api/v1/notifications/channels' }),
    verdict: ADMIN,
  },
  'POST /api/v1/notifications/channels': {
    req: () => ({ url: '/api/v1/notifications/channels', body: channelBody() }),
    verdict: ADMIN,
  },
  'DELETE /api/v1/notifications/channels/:id': {
    req: async () => {
      const c = await createChannel();
      return { url: `/api/v1/notifications/channels/${c.id}` };
    },
    verdict: ADMIN,
  },
  'GET /api/v1/notifications/rules': {
    req: () => ({ url: '/api/v1/notifications/rules' }),
    verdict: ADMIN,
  },
  'POST /api/v1/notifications/rules': {
    req: async () => {
      const c = await createChannel();
      return { url: '/api/v1/notifications/rules', body: { channelId: c.id } };
    },
    verdict: ADMIN,
  },
  'DELETE /api/v1/notifications/rules/:id': {
    req: async () => {
      const c = await createChannel();
      const r = await asAdmin<{ id: number }>('POST', '/api/v1/notifications/rules', {
        channelId: c.id,
      });
      return { url: `/api/v1/notifications/rules/${r.id}` };
    },
    verdict: ADMIN,
  },
  'GET /api/v1/notifications/deliveries': {
    req: () => ({ url: '/api/v1/notifications/deliveries' }),
    verdict: ADMIN,
  },
  'GET /api/v1/users': { req: () => ({ url: '/api/v1/users' }), verdict: ADMIN },
  'POST /api/v1/users': {
    req: () => ({
      url: '/api/v1/users',
      body: { username: uniq('u'), password: 'a-long-password', role: 'viewer' },
    }),
    verdict: ADMIN,
  },
  'PATCH /api/v1/users/:username': {
    req: async () => {
      const username = await throwawayUser();
      return { url: `/api/v1/users/${username}`, body: { role: 'officer', wardId: 'ward-a' } };
    },
    verdict: ADMIN,
  },
  'POST /api/v1/users/:username/password': {
    req: async () => {
      const username = await throwawayUser();
      return { url: `/api/v1/users/${username}/password`, body: { password: 'another-password' } };
    },
    verdict: ADMIN,
  },
  'DELETE /api/v1/users/:username': {
    req: async () => {
      const username = await throwawayUser();
      return { url: `/api/v1/users/${username}` };
    },
    verdict: ADMIN,
  },
  'GET /api/v1/audit': { req: () => ({ url: '/api/v1/audit?limit=5' }), verdict: ADMIN },
  // A metrics token is configured below, so loopback alone is not enough: admin session or
  // the token (tests/integration/server-metrics.test.ts covers token and loopback).
  'GET /metrics': { req: () => ({ url: '/metrics' }), verdict: ADMIN },
  // Public: it describes routes and holds no data.
  'GET /api/v1/openapi.json': { req: () => ({ url: '/api/v1/openapi.json' }), verdict: ANY },
  // Station credential only: no console session opens it.
  'GET /ws/agent': { req: () => ({ url: '/ws/agent' }), verdict: AGENT_ONLY },
  'GET /ws/console': { req: () => ({ url: '/ws/console' }), verdict: READ },
  // Added by the reports work; checked once registered.
  'GET /api/v1/reports/evidence': {
    req: () => ({ url: '/api/v1/reports/evidence?from=0&to=86400000&format=json' }),
    verdict: READ,
    optional: true,
  },
  'GET /api/v1/equipment': {
    req: () => ({ url: '/api/v1/equipment' }),
    verdict: READ,
    optional: true,
  },
};

beforeAll(async () => {
  dir = await tempDir('wardwatch-authz-');
  const config = testConfig(join(dir.path, 'ww.db'), {
    WARDWATCH_METRICS_TOKEN: 'authz-metrics-token-0123',
  });
  app = await buildApp(config);
  await app.ready();
  const login = async (role: Role, username: string, password: string) => {
    const res = await loginRequest(username, password);
    expect(res.statusCode, res.body).toBe(200);
    const cookie = /ww_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
    sessions.set(role, { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken });
  };
  await login('admin', 'admin', 'admin-password');
  await asAdmin('POST', '/api/v1/wards', { id: 'ward-a', name: 'Ward A' });
  await asAdmin('POST', '/api/v1/wards', { id: 'ward-b', name: 'Ward B' });
  await createUser('officer1', 'officer-password-1', 'officer', 'ward-a');
  await createUser('viewer1', 'viewer-password-1', 'viewer');
  await login('officer', 'officer1', 'officer-password-1');
  await login('viewer', 'viewer1', 'viewer-password-1');
  stationA = await enroll('ward-a');
  stationB = await enroll('ward-b');
});
afterAll(async () => {
  await app?.close();
  await dir?.remove();
});

describe('authorization matrix', () => {
  it('has an expectation for every registered route, and none for a route that is gone', () => {
    const registered = app.wardwatch.routes.map((r) => `${r.method} ${r.url}`);
    const missing = registered.filter((key) => !(key in EXPECT));
    expect(missing, 'routes without an authorization expectation').toEqual([]);
    const stale = Object.entries(EXPECT)
      .filter(([key, e]) => !e.optional && !registered.includes(key))
      .map(([key]) => key);
    expect(stale, 'expectations for routes that no longer exist').toEqual([]);
  });

  it('answers every route × role as the table says, with security headers', async () => {
    const failures: string[] = [];
    for (const { method, url } of app.wardwatch.routes) {
      const key = `${method} ${url}`;
      const e = EXPECT[key];
      if (!e) continue;
      for (const role of ROLES) {
        // Logging out would end the shared session; a throwaway login stands in.
        if (key === 'POST /api/v1/auth/logout' && role !== 'anon') continue;
        const r = await e.req();
        const res = await inject(method, r.url, role, r.body);
        const got = res.statusCode;
        const want = e.verdict[role];
        const ok =
          want === 'login'
            ? got === 401
            : want === 'deny'
              ? got === 403
              : got !== 401 && got !== 403 && got < 500;
        if (!ok)
          failures.push(`${key} as ${role}: want ${want}, got ${got} ${res.body.slice(0, 120)}`);
        for (const [h, v] of Object.entries(SECURITY_HEADERS)) {
          if (res.headers[h] !== v) failures.push(`${key} as ${role}: header ${h} missing`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every state-changing route without the CSRF header, even for an admin', async () => {
    const exempt = new Set(['POST /api/v1/auth/login', 'POST /api/v1/enroll']);
    const unsafe = app.wardwatch.routes.filter(
      (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !exempt.has(`${r.method} ${r.url}`),
    );
    expect(unsafe.length).toBeGreaterThan(10);
    for (const { method, url } of unsafe) {
      const e = EXPECT[`${method} ${url}`];
      if (!e) continue;
      const r = await e.req();
      const res = await inject(method, r.url, 'admin', r.body, false);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });
});

describe('an officer is confined to their ward by the API', () => {
  it('lists only their ward and station, and is refused the other ward', async () => {
    const wards = (await inject('GET', '/api/v1/wards', 'officer')).json() as {
      items: { id: string }[];
    };
    expect(wards.items.map((w) => w.id)).toEqual(['ward-a']);
    const stations = (await inject('GET', '/api/v1/stations', 'officer')).json() as {
      items: { id: string; wardId: string }[];
    };
    expect(stations.items.length).toBeGreaterThan(0);
    expect(stations.items.every((s) => s.wardId === 'ward-a')).toBe(true);
    expect((await inject('GET', '/api/v1/wards/ward-b', 'officer')).statusCode).toBe(403);
    expect((await inject('GET', '/api/v1/incidents?ward=ward-b', 'officer')).statusCode).toBe(403);
    expect((await inject('GET', `/api/v1/records?station=${stationB}`, 'officer')).statusCode).toBe(
      403,
    );
    expect(
      (await inject('GET', `/api/v1/series?station=${stationB}&metric=cpu`, 'officer')).statusCode,
    ).toBe(404);
    // The same requests for their own ward pass.
    expect((await inject('GET', '/api/v1/wards/ward-a', 'officer')).statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/records?station=${stationA}`, 'officer')).statusCode).toBe(
      200,
    );
  });
});

describe('sessions, passwords, lockout and audit', () => {
  it('sets an http-only SameSite=Strict cookie; logout revokes the session server-side', async () => {
    const res = await loginRequest('viewer1', 'viewer-password-1');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Expires=/i);
    const cookie = /ww_session=[^;]+/.exec(setCookie)?.[0] ?? '';
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    const me = () => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
  });

  it('ends a user’s sessions when an admin changes the password; stores only scrypt hashes', async () => {
    await createUser('carol', 'carol-password', 'viewer');
    const res = await loginRequest('carol', 'carol-password');
    const cookie = /ww_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
    await asAdmin('POST', '/api/v1/users/carol/password', { password: 'carol-new-password' });
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect((await app.wardwatch.store.getUser('carol'))?.passwordHash).toMatch(/^scrypt\$/);
    const again = await loginRequest('carol', 'carol-new-password');
    expect(again.statusCode).toBe(200);
  });

  it('locks an account after 5 failed logins, even for the right password', async () => {
    await createUser('dave', 'dave-password', 'viewer');
    for (let i = 0; i < 5; i++) {
      const bad = await loginRequest('dave', 'nope');
      expect(bad.statusCode).toBe(401);
    }
    const locked = await loginRequest('dave', 'dave-password');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('writes logins and admin changes to the audit log, paged, for admins only', async () => {
    const page = await asAdmin<{ items: { id: number; action: string }[]; next?: number }>(
      'GET',
      '/api/v1/audit?limit=500',
    );
    const actions = new Set(page.items.map((i) => i.action));
    for (const a of [
      'login.success',
      'login.failure',
      'login.locked',
      'user.create',
      'user.update_password',
      'ward.create',
      'station.enroll',
      'station.revoke',
      'station.rotate',
    ]) {
      expect(actions, a).toContain(a);
    }
    const first = await asAdmin<{ items: { id: number }[]; next?: number }>(
      'GET',
      '/api/v1/audit?limit=3',
    );
    expect(first.items).toHaveLength(3);
    const second = await asAdmin<{ items: { id: number }[] }>(
      'GET',
      `/api/v1/audit?limit=3&before=${first.next}`,
    );
    expect(second.items[0]?.id).toBeLessThan(first.items[2]?.id ?? 0);
  });

  it('validates users: an officer needs a ward, the last admin stays', async () => {
    const noWard = await inject('POST', '/api/v1/users', 'admin', {
      username: 'erin',
      password: 'erin-password',
      role: 'officer',
    });
    expect(noWard.statusCode).toBe(400);
    const demote = await inject('PATCH', '/api/v1/users/admin', 'admin', { role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    const short = await inject('POST', '/api/v1/users', 'admin', {
      username: 'f',
      password: 'short',
      role: 'viewer',
    });
    expect(short.statusCode).toBe(400);
  });
});
