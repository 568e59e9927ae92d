import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@wardwatch/shared';
import { buildApp } from '../../server/src/app.js';
import { tempDir } from '../helpers/tmp.js';
import { expectOpen, openSocket, wsUrl, type TestSocket } from './server-ws-client.js';
import { testConfig } from '../helpers/config.js';

/**
 * `trustProxy=127.0.0.1` on a real server (one agent socket per address, no metrics token):
 * X-Forwarded-For from that peer names the client for every per-address rule; from any other
 * peer (another loopback address over TCP, any address through inject) it is ignored.
 */
const TRUSTED = '127.0.0.1';
const UNTRUSTED = '127.0.0.2';

let dir: { path: string; remove(): Promise<void> };
let app: Awaited<ReturnType<typeof buildApp>>;
let url = '';
let admin = { cookie: '', csrf: '' };
const open: TestSocket<ServerMessage>[] = [];

type Peer = { remoteAddress: string; forwardedFor?: string };
const forwarded = (peer: Peer) =>
  peer.forwardedFor === undefined ? {} : { 'x-forwarded-for': peer.forwardedFor };

const login = (username: string, password: string, peer: Peer) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: peer.remoteAddress,
    headers: forwarded(peer),
    payload: { username, password },
  });

async function asAdmin<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
  const res = await app.inject({
    method,
    url: path,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    ...(body && { payload: body }),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

async function enroll(hostname: string): Promise<string> {
  const { token } = await asAdmin<{ token: string }>('POST', '/api/v1/enrollment-tokens', {
    wardId: 'ward-p',
  });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/enroll',
    payload: { token, hostname },
  });
  return (res.json() as { credential: string }).credential;
}

/** An agent upgrade over real TCP from `from`, claiming `forwardedFor`; its HTTP status. */
async function connect(credential: string, from: string, forwardedFor: string): Promise<number> {
  const r = await openSocket<ServerMessage>(
    wsUrl(url, '/ws/agent'),
    { authorization: `Bearer ${credential}`, 'x-forwarded-for': forwardedFor },
    from,
  );
  if (!r.ok) return r.status;
  open.push(expectOpen(r));
  return 101;
}

beforeAll(async () => {
  dir = await tempDir('wardwatch-trust-proxy-');
  const config = testConfig(join(dir.path, 'ww.db'), {
    WARDWATCH_TRUST_PROXY: TRUSTED,
    WARDWATCH_MAX_AGENT_CONNECTIONS_PER_IP: '1',
  });
  app = await buildApp(config);
  url = await app.listen({ host: TRUSTED, port: 0 });
  const res = await login('admin', 'admin-password', { remoteAddress: TRUSTED });
  expect(res.statusCode, res.body).toBe(200);
  admin = {
    cookie: /ww_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '',
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
  await asAdmin('POST', '/api/v1/wards', { id: 'ward-p', name: 'Ward P' });
  for (const username of ['erin', 'frank']) {
    await asAdmin('POST', '/api/v1/users', {
      username,
      password: `${username}-password`,
      role: 'viewer',
    });
  }
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await app?.close();
  await dir?.remove();
});

describe('trustProxy: the per-address agent connection cap', () => {
  it('counts a trusted proxy’s connections against the forwarded clients', async () => {
    const [a, b] = [await enroll('pc-a'), await enroll('pc-b')];
    expect(await connect(a, TRUSTED, '198.51.100.1')).toBe(101);
    // Same proxy, another client: its own allowance, not the proxy's.
    expect(await connect(b, TRUSTED, '198.51.100.2')).toBe(101);
    // The first client again: past its cap of one.
    expect(await connect(b, TRUSTED, '198.51.100.1')).toBe(429);
    // A client's own X-Forwarded-For ahead of the proxy's entry does not make it someone else.
    expect(await connect(b, TRUSTED, '198.51.100.9, 198.51.100.1')).toBe(429);
  });

  it('ignores X-Forwarded-For from an untrusted peer: it counts as itself', async () => {
    const c = await enroll('pc-c');
    expect(await connect(c, UNTRUSTED, '198.51.100.3')).toBe(101);
    expect(await connect(c, UNTRUSTED, '198.51.100.4')).toBe(429);
  });
});

describe('trustProxy: the login lockout per username and address', () => {
  const failFiveTimes = async (username: string, peer: (i: number) => Peer) => {
    for (let i = 0; i < 5; i++) {
      expect((await login(username, 'wrong-password', peer(i))).statusCode).toBe(401);
    }
  };

  it('locks the forwarded client, not everyone behind the proxy', async () => {
    await failFiveTimes('erin', () => ({ remoteAddress: TRUSTED, forwardedFor: '198.51.100.7' }));
    const same = { remoteAddress: TRUSTED, forwardedFor: '198.51.100.7' };
    expect((await login('erin', 'erin-password', same)).statusCode).toBe(429);
    const other = { remoteAddress: TRUSTED, forwardedFor: '198.51.100.8' };
    expect((await login('erin', 'erin-password', other)).statusCode).toBe(200);
  });

  it('keys an untrusted peer by its own address whatever X-Forwarded-For it sends', async () => {
    const peer = '192.0.2.10';
    await failFiveTimes('frank', (i) => ({ remoteAddress: peer, forwardedFor: `203.0.113.${i}` }));
    const forged = { remoteAddress: peer, forwardedFor: '203.0.113.99' };
    expect((await login('frank', 'frank-password', forged)).statusCode).toBe(429);
    expect(
      (await login('frank', 'frank-password', { remoteAddress: '192.0.2.11' })).statusCode,
    ).toBe(200);
  });

  it('writes the forwarded client to the audit log', async () => {
    type Entry = { username: string; action: string; detail: string };
    const audit = await asAdmin<{ items: Entry[] }>('GET', '/api/v1/audit?limit=500');
    const ips = (username: string) =>
      new Set(
        audit.items
          .filter((i) => i.action === 'login.failure' && i.username === username)
          .map((i) => (JSON.parse(i.detail) as { ip: string }).ip),
      );
    expect(ips('erin')).toEqual(new Set(['198.51.100.7']));
    expect(ips('frank')).toEqual(new Set(['192.0.2.10']));
  });
});

describe('trustProxy: /metrics for loopback peers (no token configured)', () => {
  const scrape = async (peer: Peer) =>
    (
      await app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: peer.remoteAddress,
        headers: forwarded(peer),
      })
    ).statusCode;

  it('serves a loopback scraper that is not forwarding anyone', async () => {
    expect(await scrape({ remoteAddress: TRUSTED })).toBe(200);
  });

  it('refuses a remote client forwarded by a proxy on loopback', async () => {
    expect(await scrape({ remoteAddress: TRUSTED, forwardedFor: '203.0.113.5' })).toBe(401);
  });

  it('refuses a remote peer that claims to forward a loopback client', async () => {
    expect(await scrape({ remoteAddress: '192.0.2.10', forwardedFor: '127.0.0.1' })).toBe(401);
  });
});
