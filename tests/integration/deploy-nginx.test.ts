import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, ServerMessage, Welcome } from '@wardwatch/shared';
import { signalAndWait } from '../helpers/process.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/wait.js';
import {
  batch,
  expectOpen,
  hello,
  openAgent,
  openConsole,
  openSocket,
  probeRecord,
  wsUrl,
} from './server-ws-client.js';

/** deploy/nginx/wardwatch.conf, unchanged but for addresses: both upstreams → one real server. */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;
if (!NGINX)
  console.warn('[deploy] nginx tests skipped: no nginx binary (apt-get install nginx-light)');
const CONF = resolve(import.meta.dirname, '../../deploy/nginx/wardwatch.conf');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const address = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(NGINX === null)('deploy/nginx/wardwatch.conf in front of a real server', () => {
  let server: RunningServer;
  let nginx: ChildProcess | null = null;
  let dir: { path: string; remove(): Promise<void> };
  let proxyUrl = '';

  beforeAll(async () => {
    // As deploy/compose.yaml: nginx's X-Forwarded-For is believed (here nginx is on loopback).
    server = await startServer({
      env: { WARDWATCH_TRUST_PROXY: '127.0.0.1', WARDWATCH_MAX_AGENT_CONNECTIONS_PER_IP: '1' },
    });
    dir = await tempDir('wardwatch-nginx-');
    const port = await freePort();
    const site = (await readFile(CONF, 'utf8'))
      .replace(/server server-[12]:8080/g, `server 127.0.0.1:${server.port}`)
      .replace('listen 8080;', `listen 127.0.0.1:${port};`);
    expect(site).not.toMatch(/server-[12]:/);
    await writeFile(join(dir.path, 'site.conf'), site);
    const main = join(dir.path, 'nginx.conf');
    await writeFile(
      main,
      [
        `pid ${dir.path}/nginx.pid;`,
        `error_log ${dir.path}/error.log;`,
        'events {}',
        'http {',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (t) => `  ${t}_temp_path ${dir.path}/${t};`,
        ),
        `  include ${dir.path}/site.conf;`,
        '}',
      ].join('\n'),
    );
    const args = ['-c', main, '-e', join(dir.path, 'error.log'), '-p', dir.path];
    const check = spawn(NGINX ?? '', ['-t', ...args], { stdio: 'pipe' });
    let out = '';
    check.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => check.once('exit', r));
    expect(code, out).toBe(0);
    nginx = spawn(NGINX ?? '', [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
    proxyUrl = `http://127.0.0.1:${port}`;
    await until(
      'nginx to answer',
      async () => {
        const res = await fetch(`${proxyUrl}/api/v1/health`).catch(() => null);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 10_000, everyMs: 100 },
    );
  });
  afterAll(async () => {
    await signalAndWait(nginx, 'SIGTERM');
    await server?.stop();
    await dir?.remove();
  });

  it('passes the REST API and both WebSockets; keeps /metrics off the proxy', async () => {
    const health = (await (await fetch(`${proxyUrl}/api/v1/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');

    const st = await enrollStation(server, { wardId: 'proxy-w1' });
    const agent = expectOpen(await openAgent(proxyUrl, st.credential));
    agent.sendJson(hello(st.stationId));
    await agent.next<Welcome>((m) => m.type === 'welcome');
    agent.sendJson(batch(1, [probeRecord(Date.now(), 12)]));
    const ack = await agent.next<Extract<ServerMessage, { type: 'ack' }>>((m) => m.type === 'ack');
    expect(ack.seq).toBe(1);

    const admin = await login(server);
    const live = expectOpen(await openConsole(proxyUrl, admin.cookie));
    const first = await live.next<ConsoleMessage>(() => true);
    expect(first.type).toBeTruthy();
    await live.close();
    await agent.close();

    // Through the proxy /metrics is not served; directly on the instance (loopback) it is.
    expect((await fetch(`${proxyUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('caps agent sockets per client behind nginx, not per nginx', async () => {
    // Clients on other loopback addresses: nginx forwards each one's own address.
    const agentFrom = (from: string, credential: string) =>
      openSocket<ServerMessage>(
        wsUrl(proxyUrl, '/ws/agent'),
        { authorization: `Bearer ${credential}` },
        from,
      );
    const a = await enrollStation(server, { wardId: 'proxy-w2' });
    const b = await enrollStation(server, { wardId: 'proxy-w3' });
    const fromA = expectOpen(await agentFrom('127.0.0.2', a.credential));
    const fromB = expectOpen(await agentFrom('127.0.0.3', b.credential));
    const again = await agentFrom('127.0.0.2', b.credential);
    expect(again.ok ? 'open' : again.status).toBe(429);
    await Promise.all([fromA.close(), fromB.close()]);
  });
});
