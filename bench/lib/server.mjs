import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './machine.mjs';

const BIN = join(ROOT, 'server', 'bin', 'wardwatch-server.js');
const READY = /WardWatch server ready: http:\/\/[^:]+:(\d+)\//;

/** A shell prefix that raises the fd limit (10,000 sockets) before exec'ing node. */
export const ULIMIT_SH = 'ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" "$@"';

/**
 * Spawn the compiled server on 127.0.0.1:0 with `dbPath` (SQLite) or `db` (a whole `--db`
 * value, e.g. postgres://…). `cpuProfDir` adds --cpu-prof (the
 * profile is written when the server exits on SIGTERM).
 */
export async function startServer({ dbPath, db, cpuProfDir, env = {}, timeoutMs = 60_000 }) {
  const adminPassword = `bench-${randomBytes(9).toString('base64url')}`;
  const nodeArgs = [];
  if (cpuProfDir) {
    mkdirSync(cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', cpuProfDir);
  }
  const child = spawn(
    'bash',
    [
      '-c',
      ULIMIT_SH,
      process.execPath,
      ...nodeArgs,
      BIN,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--db',
      db ?? `sqlite:${dbPath}`,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WARDWATCH_LOG_LEVEL: 'warn',
        // The load generators emulate thousands of stations from a few source addresses.
        WARDWATCH_MAX_AGENT_CONNECTIONS_PER_IP: '100000',
        ...env,
        WARDWATCH_ADMIN_PASSWORD: adminPassword,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk) => {
      out += chunk.toString();
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      out = (out + c.toString()).slice(-64 * 1024);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before ready:\n${out}`));
    });
  });
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    pid: child.pid, // bash exec'd node: same pid
    port,
    url: `http://127.0.0.1:${port}`,
    adminPassword,
    output: () => out,
    async stop(graceMs = 20_000) {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} → ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}

/** Log in over HTTP; returns a small client holding the session cookie and CSRF token. */
export async function login(url, username, password) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpError('POST', '/api/v1/auth/login', res.status, text);
  const { csrfToken } = JSON.parse(text);
  const cookie = /ww_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('login set no ww_session cookie');
  const request = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const t = await r.text();
    if (!r.ok) throw new HttpError(method, path, r.status, t);
    return t ? JSON.parse(t) : undefined;
  };
  return {
    cookie,
    csrfToken,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    /** Status and size only (for timing large responses such as reports). */
    async raw(path) {
      const r = await fetch(`${url}${path}`, { headers: { cookie } });
      const buf = await r.arrayBuffer();
      return {
        status: r.status,
        bytes: buf.byteLength,
        text: () => Buffer.from(buf).toString('utf8'),
      };
    },
  };
}

/** Run `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Ward ids/names for `count` wards (bench-owned names, sorted like the simulator's). */
export function benchWards(count) {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    return { id: `bench-${n}`, name: `Đơn vị thử tải ${n}` };
  });
}

/**
 * Create `wardCount` wards and enroll `stations` stations spread over them (token + enroll per
 * station, `concurrency` in flight). Returns credentials and the enrollment rate.
 */
export async function enrollFleet(server, { stations, wardCount, concurrency = 16 }) {
  const admin = await login(server.url, 'admin', server.adminPassword);
  const wards = benchWards(wardCount);
  const t0 = performance.now();
  await mapLimit(wards, concurrency, (w) =>
    admin.post('/api/v1/wards', w).catch((err) => {
      if (err.status !== 409) throw err;
    }),
  );
  const list = Array.from({ length: stations }, (_, i) => ({ ward: wards[i % wards.length], i }));
  const creds = await mapLimit(list, concurrency, async ({ ward, i }) => {
    const { token } = await admin.post('/api/v1/enrollment-tokens', { wardId: ward.id });
    const hostname = `bench-pc-${String(i + 1).padStart(5, '0')}`;
    const r = await fetch(`${server.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname }),
    });
    const text = await r.text();
    if (!r.ok) throw new HttpError('POST', '/api/v1/enroll', r.status, text);
    const reply = JSON.parse(text);
    return { stationId: reply.stationId, wardId: ward.id, hostname, credential: reply.credential };
  });
  const seconds = (performance.now() - t0) / 1000;
  return { admin, wards, creds, enrollSeconds: seconds, enrollPerSec: stations / seconds };
}

/**
 * The probe targets a bench fleet reports on: `count` global TCP targets whose interval makes
 * `recordsPerBatch` records per `batchIntervalMs` (so the detector sees rounds on time).
 */
export function benchTargets(count, recordsPerBatch, batchIntervalMs) {
  const rounds = Math.max(1, Math.round(recordsPerBatch / count));
  const intervalMs = Math.max(1000, Math.round(batchIntervalMs / rounds));
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-t${i + 1}`,
    name: `Bench target ${i + 1}`,
    probe: 'tcp',
    host: '127.0.0.1',
    port: 9,
    intervalMs,
  }));
}

export async function createTargets(admin, targets) {
  for (const t of targets) {
    await admin.post('/api/v1/targets', t).catch((err) => {
      if (err.status !== 409) throw err;
    });
  }
}
