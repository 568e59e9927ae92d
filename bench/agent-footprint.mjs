#!/usr/bin/env node
// Agent footprint (DESIGN §6: RSS ≤ 60 MB, average CPU ≤ 1 % of one core at default intervals).
// Runs ONE real agent as it ships — the single-file bundle, rebuilt here, under AGENT_NODE_FLAGS
// (agent/src/node-flags.ts, as the systemd unit and the Windows service start it) — for N minutes
// against a minimal local protocol endpoint (hello → welcome with 6 loopback targets, batch →
// ack), samples RSS and CPU from /proc/<pid> every second, and writes
// bench/results/agent-footprint.json.
//
//   node bench/agent-footprint.mjs [--quick] [--minutes N] [--dist] [--node-flags="..."] [--out F]
//
// --dist runs the tsc output (agent/bin) instead of the bundle; --node-flags replaces the
// shipped flags (--node-flags= for none). Needs `pnpm build` (agent/dist, for the flag list).
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    minutes: { type: 'string' },
    dist: { type: 'boolean', default: false },
    'node-flags': { type: 'string' },
    out: { type: 'string', default: 'agent-footprint.json' },
  },
});
const minutes = Number(args.minutes ?? (args.quick ? 1 : 10));
const CLK_TCK = 100; // USER_HZ on Linux
const WARMUP_MS = 5000;

const listen = (server, host = '127.0.0.1') =>
  new Promise((r) => server.listen(0, host, () => r(server.address().port)));

/** Agent's own CPU (utime+stime) and its reaped children's (cutime+cstime, i.e. ping), in s. */
function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      selfSec: (Number(f[11]) + Number(f[12])) / CLK_TCK,
      childSec: (Number(f[13]) + Number(f[14])) / CLK_TCK,
      rssBytes: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
      hwmBytes: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
      // RSS = anonymous (heap, malloc: the agent's own) + file-backed (pages of the node
      // binary and libraries; shared with other node processes, and how many are mapped
      // depends on what the page cache already holds, so it varies between runs).
      anonBytes: Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
      fileBytes: Number(/RssFile:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
    };
  } catch {
    return null;
  }
}

/** Tiny UDP DNS server: one A record for every question. */
function dnsServer() {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let off = 12;
    while (off < msg.length && msg[off] !== 0) off += msg[off] + 1;
    const question = msg.subarray(12, off + 5);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8400, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(1, 6);
    const rr = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1]);
    socket.send(Buffer.concat([header, question, rr]), rinfo.port, rinfo.address);
  });
  return new Promise((r) =>
    socket.bind(0, '127.0.0.1', () => r({ socket, port: socket.address().port })),
  );
}

const mb = (b) => Math.round((b / 1024 / 1024) * 10) / 10;
const r2 = (n) => Math.round(n * 100) / 100;
const stats = (xs) => ({
  avg: mb(xs.reduce((a, b) => a + b, 0) / xs.length),
  max: mb(Math.max(...xs)),
});

async function main() {
  const flagsModule = join(ROOT, 'agent', 'dist', 'node-flags.js');
  if (!existsSync(flagsModule) || !existsSync(join(ROOT, 'agent', 'dist', 'cli', 'main.js'))) {
    throw new Error('agent not built: run pnpm build');
  }
  const { AGENT_NODE_FLAGS } = await import(flagsModule);
  const nodeFlags = (args['node-flags'] ?? AGENT_NODE_FLAGS.join(' ')).split(' ').filter(Boolean);
  let bin = join(ROOT, 'agent', 'bin', 'wardwatch-agent.js');
  if (!args.dist) {
    execFileSync(process.execPath, [join(ROOT, 'agent', 'scripts', 'bundle.mjs')], {
      stdio: 'ignore',
    });
    bin = join(ROOT, 'agent', 'dist-bundle', 'wardwatch-agent.mjs');
  }

  // Loopback services the six targets probe.
  const tcp = createTcpServer((s) => s.on('error', () => undefined).end());
  const tcpPort = await listen(tcp);
  const http = createHttpServer((req, res) => res.end('<html>Cổng dịch vụ công: hoạt động</html>'));
  http.keepAliveTimeout = 120_000;
  const httpPort = await listen(http);
  const dns = await dnsServer();
  const targets = [
    { id: 'gateway', name: 'Gateway (icmp)', probe: 'icmp', host: '127.0.0.1', intervalMs: 10_000 },
    {
      id: 'csdlqg',
      name: 'CSDLQG (tcp)',
      probe: 'tcp',
      host: '127.0.0.1',
      port: tcpPort,
      intervalMs: 10_000,
    },
    {
      id: 'dvc',
      name: 'Cổng DVC (http)',
      probe: 'http',
      url: `http://127.0.0.1:${httpPort}/`,
      keyword: 'hoạt động',
      intervalMs: 10_000,
    },
    {
      id: 'vneid',
      name: 'VNeID (http)',
      probe: 'http',
      url: `http://127.0.0.1:${httpPort}/vneid`,
      intervalMs: 10_000,
    },
    {
      id: 'dns',
      name: 'DNS',
      probe: 'dns',
      host: 'csdl.dancu.test',
      dnsServer: `127.0.0.1:${dns.port}`,
      intervalMs: 10_000,
    },
    {
      id: 'hotich',
      name: 'Hộ tịch (session)',
      probe: 'session',
      url: `http://127.0.0.1:${httpPort}/`,
      intervalMs: 10_000,
    },
  ];

  // Minimal protocol endpoint: enough for the agent to run as it does in the field.
  const received = {};
  let ackedSeq = 0;
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/ws/agent',
    perMessageDeflate: true,
  });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'hello') {
        ws.send(
          JSON.stringify({
            v: 1,
            type: 'welcome',
            serverTime: Date.now(),
            ackedSeq,
            config: { targets },
          }),
        );
      } else if (msg.type === 'batch') {
        for (const r of msg.records) received[r.kind] = (received[r.kind] ?? 0) + 1;
        ackedSeq = Math.max(ackedSeq, msg.seq);
        ws.send(JSON.stringify({ v: 1, type: 'ack', seq: msg.seq }));
      }
    });
  });
  await new Promise((r) => wss.once('listening', r));
  const wsPort = wss.address().port;

  const dir = await mkdtemp(join(tmpdir(), 'ww-footprint-'));
  const configPath = join(dir, 'agent.json');
  // Default intervals: nothing but the server address, identity and targets is set.
  await writeFile(
    configPath,
    JSON.stringify({
      server: `ws://127.0.0.1:${wsPort}`,
      stationId: 'bench',
      credential: 'bench',
      wardId: 'tran-phu',
      targets,
    }),
  );
  await mkdir(join(dir, 'data'), { recursive: true });

  const child = spawn(process.execPath, [...nodeFlags, bin, 'run', '--config', configPath], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  const startedAt = Date.now();
  const durationMs = minutes * 60_000;
  process.stdout.write(
    `agent-footprint: pid ${child.pid}, ${minutes} min, 6 targets on loopback\n`,
  );

  const samples = [];
  let base = null;
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (exited) {
        clearInterval(timer);
        reject(new Error(`agent exited early (${JSON.stringify(exited)}):\n${log}`));
        return;
      }
      const p = readProc(child.pid);
      if (!p) return;
      const elapsed = Date.now() - startedAt;
      samples.push({ t: elapsed, ...p });
      if (!base && elapsed >= WARMUP_MS) base = { t: elapsed, ...p };
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });

  const end = samples.at(-1);
  const state = JSON.parse(await readFile(join(dir, 'data', 'state.json'), 'utf8'));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));

  const windowSec = (end.t - base.t) / 1000;
  const after = samples.filter((s) => s.t >= base.t);
  const rss = after.map((s) => s.rssBytes);
  const cpuSelfPct = (100 * (end.selfSec - base.selfSec)) / windowSec;
  const cpuChildPct = (100 * (end.childSec - base.childSec)) / windowSec;
  // Per-second CPU, to show spikes (e.g. the first sample, inventory at start).
  const perSecond = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    perSecond.push(
      (100 * (b.selfSec + b.childSec - a.selfSec - a.childSec)) / ((b.t - a.t) / 1000),
    );
  }
  const timings = Object.fromEntries(
    Object.entries(state.timings ?? {})
      .map(([k, v]) => [
        k,
        { runs: v.runs, totalMs: r2(v.totalMs), avgMs: r2(v.totalMs / v.runs), maxMs: r2(v.maxMs) },
      ])
      .sort((a, b) => b[1].totalMs - a[1].totalMs),
  );
  const result = {
    scenario: 'agent-footprint',
    at: new Date().toISOString(),
    minutes,
    binary: args.dist ? 'agent/dist' : 'agent/dist-bundle/wardwatch-agent.mjs',
    nodeFlags,
    node: process.version,
    targets: targets.map((t) => `${t.id}:${t.probe}`),
    measuredSeconds: Math.round(windowSec),
    warmupSeconds: WARMUP_MS / 1000,
    rssMB: {
      min: mb(Math.min(...rss)),
      avg: mb(rss.reduce((a, b) => a + b, 0) / rss.length),
      max: mb(Math.max(...rss)),
      peakHwm: mb(end.hwmBytes),
      anon: stats(after.map((s) => s.anonBytes)),
      file: stats(after.map((s) => s.fileBytes)),
    },
    cpuPctOfOneCore: {
      agent: r2(cpuSelfPct),
      childrenPing: r2(cpuChildPct),
      total: r2(cpuSelfPct + cpuChildPct),
      maxOneSecond: r2(Math.max(...perSecond)),
    },
    budget: { rssMB: 60, cpuPct: 1 },
    withinBudget: mb(Math.max(...rss)) <= 60 && cpuSelfPct + cpuChildPct <= 1,
    recordsReceived: received,
    /** Wall time inside each collector/probe (state.json `timings`): includes waiting on I/O. */
    timings,
  };
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(join(ROOT, 'bench', 'results', args.out), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');

  http.closeAllConnections();
  await Promise.all([
    new Promise((r) => tcp.close(r)),
    new Promise((r) => http.close(r)),
    new Promise((r) => wss.close(r)),
  ]);
  dns.socket.close();
  await rm(dir, { recursive: true, force: true });
  if (!log.includes('agent started')) throw new Error(`agent did not start:\n${log}`);
}

main().catch((err) => {
  process.stderr.write(`agent-footprint failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
