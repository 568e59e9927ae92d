import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeRecord, SessionRecord, Target } from '@wardwatch/shared';
import { dnsProbe } from '../../agent/src/probes/dns.js';
import { httpProbe } from '../../agent/src/probes/http.js';
import { toProbeRecord } from '../../agent/src/probes/probe.js';
import { sessionOnceProbe } from '../../agent/src/probes/session.js';
import {
  ServiceSession,
  type ServiceSessionOptions,
} from '../../agent/src/sessions/service-session.js';
import { tempDir } from '../helpers/tmp.js';

const signal = () => new AbortController().signal;
const deps = { findPing: () => null };
const target = (over: Partial<Target>): Target => ({
  id: 't',
  name: 'T',
  probe: 'http',
  intervalMs: 2000,
  timeoutMs: 3000,
  ...over,
});
const listen = (s: Server | HttpServer) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
const close = (s: Server | HttpServer) => new Promise<void>((r) => s.close(() => r()));

// A self-signed certificate made by the openssl CLI, valid for 30 days.
let tls: { key: string; cert: string };
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const dir = await tempDir('ww-tls-');
  cleanup = dir.remove;
  const key = join(dir.path, 'key.pem');
  const cert = join(dir.path, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
});
afterAll(() => cleanup?.());

const handler = (req: { url?: string }, res: import('node:http').ServerResponse) => {
  if (req.url === '/missing') {
    res.writeHead(404).end('not here');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<html><body>Cổng dịch vụ công quốc gia — hệ thống hoạt động</body></html>');
};

describe('http probe (real HTTP server on port 0)', () => {
  let server: HttpServer;
  let port: number;
  beforeAll(async () => {
    server = createHttpServer(handler);
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('up with status, connect and first-byte timings, keyword found', async () => {
    const t = target({ url: `http://127.0.0.1:${port}/`, keyword: 'hoạt động' });
    const rec = toProbeRecord(t, await httpProbe(t, deps).run(signal()), 1);
    expect(rec).toMatchObject({ ok: true, status: 200, probe: 'http', lossPct: 0 });
    expect(rec.timings?.connectMs).toBeGreaterThanOrEqual(0);
    expect(rec.timings?.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(rec.timings?.tlsMs).toBeUndefined();
    expect(rec.rttMs?.avg).toBeGreaterThan(0);
  });

  it('keyword missing, unexpected status, expected status', async () => {
    const kw = target({ url: `http://127.0.0.1:${port}/`, keyword: 'bảo trì' });
    expect(toProbeRecord(kw, await httpProbe(kw, deps).run(signal()), 1)).toMatchObject({
      ok: false,
      status: 200,
      error: 'keyword_missing',
    });
    const missing = target({ url: `http://127.0.0.1:${port}/missing` });
    expect(toProbeRecord(missing, await httpProbe(missing, deps).run(signal()), 1)).toMatchObject({
      ok: false,
      status: 404,
      error: 'status_404',
    });
    const expect404 = target({ url: `http://127.0.0.1:${port}/missing`, expectStatus: 404 });
    expect((await httpProbe(expect404, deps).run(signal())).status).toBe('up');
  });

  it('DNS timing when the URL has a name (localhost)', async () => {
    const t = target({ url: `http://localhost:${port}/` });
    const out = await httpProbe(t, deps).run(signal());
    // localhost may resolve to ::1 first on some hosts; either way the lookup was timed.
    if (out.status === 'up') expect(out.timings?.dnsMs).toBeGreaterThanOrEqual(0);
    else expect(out.status).toBe('down');
  });

  it('refused and timeout are down outcomes', async () => {
    const tmp = createTcpServer();
    const free = await listen(tmp);
    await close(tmp);
    const refused = target({ url: `http://127.0.0.1:${free}/` });
    expect(await httpProbe(refused, deps).run(signal())).toMatchObject({
      status: 'down',
      reason: 'ECONNREFUSED',
    });
    const silent = createTcpServer(() => undefined); // accepts, never answers
    const silentPort = await listen(silent);
    const slow = target({ url: `http://127.0.0.1:${silentPort}/`, timeoutMs: 300 });
    expect(await httpProbe(slow, deps).run(signal())).toMatchObject({
      status: 'down',
      reason: 'timeout',
    });
    silent.close();
  });
});

describe('https probe (self-signed cert from openssl)', () => {
  let server: HttpServer;
  let port: number;
  beforeAll(async () => {
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, handler) as unknown as HttpServer;
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('an untrusted certificate is down with its code', async () => {
    const t = target({ url: `https://127.0.0.1:${port}/` });
    const out = await httpProbe(t, deps).run(signal());
    expect(out).toMatchObject({ status: 'down', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('with the CA pinned: up, TLS timing and certificate days left', async () => {
    const t = target({ url: `https://127.0.0.1:${port}/`, keyword: 'Cổng dịch vụ công' });
    const rec = toProbeRecord(
      t,
      await httpProbe(t, { ...deps, tlsCa: [tls.cert] }).run(signal()),
      1,
    );
    expect(rec).toMatchObject({ ok: true, status: 200 });
    expect(rec.timings?.tlsMs).toBeGreaterThan(0);
    expect(rec.certDaysLeft).toBeGreaterThanOrEqual(29);
    expect(rec.certDaysLeft).toBeLessThanOrEqual(30);
  });
});

/** A tiny authoritative DNS server over UDP: A records for `names`, NXDOMAIN otherwise. */
function dnsServer(names: Record<string, string>): Promise<{ socket: UdpSocket; port: number }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    const id = msg.readUInt16BE(0);
    let off = 12;
    const labels: string[] = [];
    while (off < msg.length && msg[off] !== 0) {
      const len = msg[off] as number;
      labels.push(msg.subarray(off + 1, off + 1 + len).toString('ascii'));
      off += len + 1;
    }
    const qEnd = off + 5; // zero byte + QTYPE + QCLASS
    const question = msg.subarray(12, qEnd);
    const qtype = msg.readUInt16BE(off + 1);
    const name = labels.join('.').toLowerCase();
    const ip = names[name];
    const answer = ip && qtype === 1;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    header.writeUInt16BE(0x8400 | (ip ? 0 : 3), 2); // response, authoritative, rcode NOERROR/NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answer ? 1 : 0, 6);
    const parts = [header, question];
    if (answer) {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
      rr.writeUInt16BE(1, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(4, 10);
      ip.split('.').forEach((b, i) => rr.writeUInt8(Number(b), 12 + i));
      parts.push(rr);
    }
    socket.send(Buffer.concat(parts), rinfo.port, rinfo.address);
  });
  return new Promise((r) =>
    socket.bind(0, '127.0.0.1', () => r({ socket, port: socket.address().port })),
  );
}

describe('dns probe (real UDP DNS server on 127.0.0.1)', () => {
  let dns: { socket: UdpSocket; port: number };
  beforeAll(async () => {
    dns = await dnsServer({ 'csdl.dancu.test': '10.1.2.3' });
  });
  afterAll(() => dns.socket.close());

  it('resolves through the configured server with a timing', async () => {
    const t = target({ probe: 'dns', host: 'csdl.dancu.test', dnsServer: `127.0.0.1:${dns.port}` });
    const rec = toProbeRecord(t, await dnsProbe(t, deps).run(signal()), 1);
    expect(rec).toMatchObject({ ok: true, probe: 'dns' });
    expect(rec.timings?.dnsMs).toBeGreaterThanOrEqual(0);
  });

  it('NXDOMAIN and an unanswering server are down', async () => {
    const nx = target({ probe: 'dns', host: 'khong-co.test', dnsServer: `127.0.0.1:${dns.port}` });
    expect(await dnsProbe(nx, deps).run(signal())).toMatchObject({
      status: 'down',
      reason: 'ENOTFOUND',
    });
    const mute = createSocket('udp4');
    const mutePort = await new Promise<number>((r) =>
      mute.bind(0, '127.0.0.1', () => r(mute.address().port)),
    );
    const slow = target({
      probe: 'dns',
      host: 'x.test',
      dnsServer: `127.0.0.1:${mutePort}`,
      timeoutMs: 300,
    });
    expect(await dnsProbe(slow, deps).run(signal())).toMatchObject({
      status: 'down',
      reason: 'ETIMEOUT',
    });
    mute.close();
  });

  it('a bad dnsServer is an error outcome', async () => {
    const t = target({ probe: 'dns', host: 'a.test', dnsServer: 'dns.example' });
    expect((await dnsProbe(t, deps).run(signal())).status).toBe('error');
  });
});

describe('session probe (long-lived connections)', () => {
  const FAST = { baseMs: 100, capMs: 300 };

  /** A started session (fast backoff) and what it has emitted so far. */
  function startSession(
    options: Omit<ServiceSessionOptions, 'emitSession' | 'emitProbe' | 'backoff'>,
  ) {
    const sessions: SessionRecord[] = [];
    const probes: ProbeRecord[] = [];
    const session = new ServiceSession({
      ...options,
      emitSession: (r) => sessions.push(r),
      emitProbe: (r) => probes.push(r),
      backoff: FAST,
    });
    session.start();
    return { session, sessions, probes };
  }

  /** A TCP server that keeps every connection it accepts. */
  async function tcpServer() {
    const sockets: Socket[] = [];
    const server = createTcpServer((s) => sockets.push(s));
    return { server, sockets, port: await listen(server) };
  }

  it('TCP server that resets connections: drops recorded with cause reset, reconnects', async () => {
    const { server, sockets, port } = await tcpServer();
    const { session, sessions, probes } = startSession({
      target: target({ id: 'hotich', probe: 'session', host: '127.0.0.1', port, intervalMs: 1000 }),
    });
    try {
      await expect.poll(() => sockets.length, { timeout: 5000 }).toBe(1);
      await expect.poll(() => probes.some((p) => p.ok), { timeout: 5000 }).toBe(true);
      (sockets[0] as Socket).resetAndDestroy();
      await expect.poll(() => sockets.length, { timeout: 5000 }).toBe(2);
      await expect.poll(() => sessions.length, { timeout: 5000 }).toBe(1);
      expect(sessions[0]).toMatchObject({
        kind: 'session',
        session: 'service',
        target: 'hotich',
        cause: 'reset',
      });
      expect(sessions[0]?.reconnectMs).toBeGreaterThanOrEqual(0);
      expect(sessions[0]?.endedAt).toBeGreaterThanOrEqual(sessions[0]?.startedAt ?? Infinity);
      // A clean close by the server is a drop too, with its own cause.
      (sockets[1] as Socket).end();
      await expect.poll(() => sessions.length, { timeout: 5000 }).toBe(2);
      expect(sessions[1]?.cause).toBe('server_close');
      expect(probes.every((p) => p.probe === 'session' && p.target === 'hotich')).toBe(true);
    } finally {
      session.stop();
      for (const s of sockets) s.destroy();
      await close(server);
    }
  });

  it('server gone: probe records turn not-ok; the drop is recorded after maxWaitMs', async () => {
    const { server, sockets, port } = await tcpServer();
    const { session, sessions, probes } = startSession({
      target: target({ id: 'vneid', probe: 'session', host: '127.0.0.1', port, intervalMs: 1000 }),
      maxWaitMs: 1500,
    });
    try {
      await expect.poll(() => sockets.length, { timeout: 5000 }).toBe(1);
      server.close();
      (sockets[0] as Socket).resetAndDestroy();
      await expect.poll(() => sessions.length, { timeout: 8000 }).toBe(1);
      expect(sessions[0]).toMatchObject({ cause: 'reset' });
      expect(sessions[0]).not.toHaveProperty('reconnectMs');
      await expect.poll(() => probes.at(-1)?.ok, { timeout: 5000 }).toBe(false);
      expect(probes.at(-1)?.error).toMatch(/ECONNREFUSED|reset/);
    } finally {
      session.stop();
    }
  });

  it('HTTPS keep-alive session: HEAD every keep-warm period; an unanswered one is a timeout drop', async () => {
    let answer = true;
    const requests: string[] = [];
    const server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      requests.push(req.method ?? '');
      if (answer) res.writeHead(200).end();
      // else: never answer (a half-open upstream)
    }) as unknown as HttpServer;
    server.keepAliveTimeout = 60_000;
    const port = await listen(server);
    const { session, sessions, probes } = startSession({
      target: target({
        id: 'dvc',
        probe: 'session',
        url: `https://127.0.0.1:${port}/`,
        intervalMs: 1000,
        timeoutMs: 600,
      }),
      tlsCa: [tls.cert],
      keepWarmMs: 200,
    });
    try {
      await expect.poll(() => requests.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      expect(requests.every((m) => m === 'HEAD')).toBe(true);
      await expect
        .poll(() => probes.some((p) => p.ok && (p.rttMs?.avg ?? -1) >= 0), { timeout: 5000 })
        .toBe(true);
      expect(sessions).toEqual([]);
      answer = false;
      await expect.poll(() => sessions.length, { timeout: 8000 }).toBeGreaterThanOrEqual(1);
      expect(sessions[0]).toMatchObject({ session: 'service', target: 'dvc', cause: 'timeout' });
    } finally {
      session.stop();
      server.closeAllConnections?.();
      await close(server);
    }
  });

  it('one-shot session check (doctor) against TCP and TLS', async () => {
    const tcp = createTcpServer((s) => s.end());
    const port = await listen(tcp);
    const t = target({ probe: 'session', host: '127.0.0.1', port });
    expect((await sessionOnceProbe(t, deps).run(signal())).status).toBe('up');
    await close(tcp);
  });
});
