import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationView } from '@wardwatch/shared';
import { buildApp } from '../../server/src/app.js';
import { resolveConfig } from '../../server/src/config.js';
import { hashPassword } from '../../server/src/security.js';
import { tempDir } from '../helpers/tmp.js';
import { expectOpen, openConsole } from './server-ws-client.js';

const BIN = fileURLToPath(new URL('../../server/bin/wardwatch-server.js', import.meta.url));

let dir: { path: string; remove(): Promise<void> };
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;

async function inject(
  method: 'GET' | 'POST',
  path: string,
  opts: { cookie?: string; csrf?: string; body?: unknown } = {},
) {
  const res = await app.inject({
    method,
    url: path,
    headers: {
      ...(opts.cookie && { cookie: opts.cookie }),
      ...(opts.csrf && { 'x-csrf-token': opts.csrf }),
    },
    ...(opts.body !== undefined && { payload: opts.body as object }),
  });
  return { status: res.statusCode, json: () => res.json(), text: res.body, headers: res.headers };
}

async function loginAs(username: string, password: string) {
  const res = await inject('POST', '/api/v1/auth/login', { body: { username, password } });
  expect(res.status).toBe(200);
  const cookie = /ww_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

beforeAll(async () => {
  dir = await tempDir('wardwatch-app-');
  const consoleDir = join(dir.path, 'console');
  await mkdir(join(consoleDir, 'assets'), { recursive: true });
  await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>WardWatch</title>');
  await writeFile(join(consoleDir, 'assets', 'app.js'), 'console.log("ww")');
  // As the console build writes them: a hashed asset with its precompressed copies.
  const hashed = join(consoleDir, 'assets', 'index-C7_Pe5xH.js');
  await writeFile(hashed, 'console.log("hashed")');
  await writeFile(`${hashed}.br`, brotliCompressSync('console.log("hashed")'));
  await writeFile(`${hashed}.gz`, gzipSync('console.log("hashed")'));
  await writeFile(join(dir.path, 'config.json'), JSON.stringify({ consoleDir }));
  const config = resolveConfig({
    argv: ['--config', join(dir.path, 'config.json'), '--db', `sqlite:${join(dir.path, 'ww.db')}`],
    env: { WARDWATCH_ADMIN_PASSWORD: 'admin-pw', WARDWATCH_LOG_LEVEL: 'silent' },
    readFile: (p) => (p.endsWith('config.json') ? JSON.stringify({ consoleDir }) : ''),
    defaultConsoleDir: '/nonexistent',
  });
  app = await buildApp(config);
  url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
  await dir?.remove();
});

describe('buildApp', () => {
  it('serves the built console with a single-page fallback, but not for /api', async () => {
    const index = await inject('GET', '/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>WardWatch</title>');
    expect((await inject('GET', '/assets/app.js')).text).toContain('ww');
    const deep = await inject('GET', '/wards/tran-phu');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>WardWatch</title>');
    const api = await inject('GET', '/api/v1/missing');
    expect(api.status).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('serves hashed assets precompressed and immutable, index.html revalidated', async () => {
    const get = (path: string, encoding?: string) =>
      app.inject({
        method: 'GET',
        url: path,
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });
    const br = await get('/assets/index-C7_Pe5xH.js', 'br, gzip');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log("hashed")');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await get('/assets/index-C7_Pe5xH.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/index-C7_Pe5xH.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log("hashed")');
    for (const path of ['/', '/index.html', '/wards/x', '/assets/app.js']) {
      const res = await get(path, 'br, gzip');
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('limits an officer to their own ward and to reads', async () => {
    const admin = await loginAs('admin', 'admin-pw');
    for (const id of ['ward-a', 'ward-b']) {
      const res = await inject('POST', '/api/v1/wards', { ...admin, body: { id, name: id } });
      expect(res.status).toBe(201);
    }
    const stations: Record<string, string> = {};
    for (const wardId of ['ward-a', 'ward-b']) {
      const tok = await inject('POST', '/api/v1/enrollment-tokens', { ...admin, body: { wardId } });
      const { token } = tok.json() as { token: string };
      const enrolled = await inject('POST', '/api/v1/enroll', {
        body: { token, hostname: `pc-${wardId}` },
      });
      stations[wardId] = (enrolled.json() as { stationId: string }).stationId;
    }
    await app.wardwatch.store.createUser({
      username: 'officer-a',
      passwordHash: await hashPassword('officer-pw'),
      role: 'officer',
      wardId: 'ward-a',
      createdAt: Date.now(),
    });
    const officer = await loginAs('officer-a', 'officer-pw');
    const list = await inject('GET', '/api/v1/stations', officer);
    expect((list.json() as { items: StationView[] }).items.map((s) => s.wardId)).toEqual([
      'ward-a',
    ]);
    const foreign = await inject(
      'GET',
      `/api/v1/series?station=${stations['ward-b']}&metric=rtt`,
      officer,
    );
    expect(foreign.status).toBe(404);
    const own = await inject(
      'GET',
      `/api/v1/series?station=${stations['ward-a']}&metric=rtt`,
      officer,
    );
    expect(own.status).toBe(200);
    const write = await inject('POST', '/api/v1/wards', {
      ...officer,
      body: { id: 'ward-c', name: 'c' },
    });
    expect(write.status).toBe(403);

    const consoleWs = expectOpen(await openConsole(url, officer.cookie));
    const snapshot = await consoleWs.next();
    expect(snapshot.type === 'snapshot' && snapshot.stations.map((s) => s.wardId)).toEqual([
      'ward-a',
    ]);
    await consoleWs.close();
  });

  it('writes every admin change to the audit log', async () => {
    const actions = (await app.wardwatch.store.listAudit(100)).map(
      (e) => `${e.username}:${e.action}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'system:user.create',
        'admin:ward.create',
        'admin:enrollment_token.issue',
        'enroll:station.enroll',
      ]),
    );
  });

  it('rejects bad query values with a 400 error body', async () => {
    const admin = await loginAs('admin', 'admin-pw');
    const res = await inject('GET', '/api/v1/records?limit=0', admin);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid' } });
    const metric = await inject('GET', '/api/v1/series?station=x&metric=temp', admin);
    expect(metric.status).toBe(400);
  });
});

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, WARDWATCH_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      // First start prints the generated password, then the ready line: then stop it.
      if (/WardWatch server ready/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('wardwatch-server command', () => {
  it.each([[['--port', 'eighty']], [['--db', 'mysql://localhost/ww']], [['--bogus']]])(
    'exits 2 with a message for %j',
    async (args) => {
      const { code, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^wardwatch-server: /);
    },
  );

  it('prints a generated admin password once, on first start only', async () => {
    const db = `sqlite:${join(dir.path, 'first', 'ww.db')}`;
    const args = ['--host', '127.0.0.1', '--port', '0', '--db', db];
    const env = { WARDWATCH_ADMIN_PASSWORD: '' };
    const first = await run(args, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Created console user admin with password: \S{8,}\n/);
    expect(first.stdout).toMatch(/^WardWatch server ready: http:\/\/127\.0\.0\.1:\d+\/$/m);
    const second = await run(args, env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Created console user');
  });
});
