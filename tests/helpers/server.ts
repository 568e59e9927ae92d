import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signalAndWait } from './process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'server', 'bin', 'wardwatch-server.js');
const READY = /WardWatch server ready: https?:\/\/[^:]+:(\d+)\//;
const READY_ALL = new RegExp(READY.source, 'g');
const START_TIMEOUT_MS = 30_000;
const countReady = (text: string) => [...text.matchAll(READY_ALL)].length;

/** PEM paths the server serves https/wss from, and the CA (PEM text) that signed the cert. */
export interface ServerTls {
  certFile: string;
  keyFile: string;
  ca: string;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, or `https://…` with `tls` (no trailing slash). */
  url: string;
  /** The CA (PEM) the test's https calls trust; absent for plain http. */
  ca?: string;
  port: number;
  dbPath: string;
  adminPassword: string;
  /** SIGTERM, then wait for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL, then wait for the process to exit. */
  kill(): Promise<void>;
  /** Start again on the same port and database (after stop/kill; stops first if running). */
  restart(): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far (all runs). */
  output(): string;
}

/**
 * Spawn the compiled server (`npx tsc -b server` first) on 127.0.0.1 with a temp SQLite db
 * unless `dbPath` (a SQLite file) or `db` (a `postgres://` URL) is given, and wait for its
 * ready line. With `tls` it serves https/wss only.
 */
export async function startServer(
  opts: {
    dbPath?: string;
    db?: string;
    port?: number;
    env?: Record<string, string>;
    tls?: ServerTls;
  } = {},
): Promise<RunningServer> {
  const scheme = opts.tls ? 'https' : 'http';
  const ownsDb = opts.dbPath === undefined && opts.db === undefined;
  const dbPath =
    opts.dbPath ?? join(tmpdir(), `wardwatch-test-${randomBytes(6).toString('hex')}`, 'ww.db');
  const adminPassword =
    opts.env?.WARDWATCH_ADMIN_PASSWORD ?? `pw-${randomBytes(9).toString('base64url')}`;
  let out = '';
  let child: ChildProcess | null = null;
  let port = opts.port ?? 0;

  const launch = async (): Promise<number> => {
    const proc = spawn(
      process.execPath,
      [BIN, '--host', '127.0.0.1', '--port', String(port), '--db', opts.db ?? `sqlite:${dbPath}`],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          WARDWATCH_LOG_LEVEL: 'warn',
          ...(opts.tls && {
            WARDWATCH_TLS_CERT: opts.tls.certFile,
            WARDWATCH_TLS_KEY: opts.tls.keyFile,
          }),
          ...opts.env,
          WARDWATCH_ADMIN_PASSWORD: adminPassword,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    return await new Promise<number>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        proc.kill('SIGKILL');
        reject(new Error(`server did not become ready in ${START_TIMEOUT_MS} ms:\n${out}`));
      }, START_TIMEOUT_MS);
      // Restarts append to the same output: wait for one more ready line than before.
      const readyBefore = countReady(out);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const lines = [...out.matchAll(READY_ALL)];
        const last = lines[lines.length - 1];
        if (settled || lines.length <= readyBefore || !last) return;
        settled = true;
        clearTimeout(timer);
        resolve(Number(last[1]));
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      proc.once('exit', (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}, signal ${signal}) before ready:\n${out}`));
      });
    });
  };

  const startOnce = async () => {
    port = await launch();
  };

  const waitExit = (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    return signalAndWait(proc, signal);
  };

  // Never leave a server running after the test process ends.
  process.once('exit', () => {
    child?.kill('SIGKILL');
  });
  await startOnce();
  const server: RunningServer = {
    get url() {
      return `${scheme}://127.0.0.1:${port}`;
    },
    ...(opts.tls && { ca: opts.tls.ca }),
    get port() {
      return port;
    },
    dbPath,
    adminPassword,
    stop: async () => {
      await waitExit('SIGTERM');
    },
    kill: async () => {
      await waitExit('SIGKILL');
    },
    restart: async () => {
      await waitExit('SIGTERM');
      await startOnce();
    },
    output: () => out,
  };
  if (ownsDb) {
    // The temp db is removed when the test process exits, not on stop (restart reuses it).
    const dir = join(dbPath, '..');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return server;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
  /** `ww_session=…`, ready for a `cookie` header (also for /ws/console). */
  cookie: string;
  csrfToken: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(method: string, path: string, status: number, body: string) {
    super(`${method} ${path} → ${status}: ${body}`);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
  }
}

interface Reply {
  status: number;
  text: string;
  setCookie: string;
}

/** One request to the server: fetch over http; node:https trusting only `server.ca` over https. */
async function send(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  const url = `${server.url}${path}`;
  if (server.ca === undefined) {
    const res = await fetch(url, { method, headers, ...(body !== undefined && { body }) });
    return {
      status: res.status,
      text: await res.text(),
      setCookie: res.headers.get('set-cookie') ?? '',
    };
  }
  const ca = server.ca;
  return await new Promise<Reply>((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text,
          setCookie: [res.headers['set-cookie'] ?? []].flat().join(', '),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** GET a path with extra headers (e.g. the session cookie), over http or https. */
export async function getRaw(
  server: RunningServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const { status, text } = await send(server, 'GET', path, headers);
  return { status, text };
}

async function call<T>(
  server: RunningServer,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ data: T; setCookie: string }> {
  const reply = await send(
    server,
    method,
    path,
    body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body),
  );
  if (reply.status < 200 || reply.status > 299) {
    throw new HttpError(method, path, reply.status, reply.text);
  }
  return {
    data: (reply.text ? JSON.parse(reply.text) : undefined) as T,
    setCookie: reply.setCookie,
  };
}

/** Log in (default: admin with the server's admin password); non-2xx throws HttpError. */
export async function login(
  server: RunningServer,
  username = 'admin',
  password = server.adminPassword,
): Promise<Api> {
  const { data, setCookie } = await call<{ csrfToken: string }>(
    server,
    'POST',
    '/api/v1/auth/login',
    {},
    { username, password },
  );
  const cookie = /ww_session=[^;]+/.exec(setCookie)?.[0];
  if (!cookie) throw new Error(`login set no ww_session cookie: ${setCookie}`);
  const headers = { cookie, 'x-csrf-token': data.csrfToken };
  return {
    cookie,
    csrfToken: data.csrfToken,
    get: async <T>(path: string) => (await call<T>(server, 'GET', path, headers)).data,
    post: async <T>(path: string, body: unknown) =>
      (await call<T>(server, 'POST', path, headers, body)).data,
    put: async <T>(path: string, body: unknown) =>
      (await call<T>(server, 'PUT', path, headers, body)).data,
    patch: async <T>(path: string, body: unknown) =>
      (await call<T>(server, 'PATCH', path, headers, body)).data,
    delete: async (path: string) => {
      await call(server, 'DELETE', path, headers);
    },
  };
}

/** Create the ward if missing (as admin), issue an enrollment token, enroll a station. */
export async function enrollStation(
  server: RunningServer,
  opts: { wardId?: string; hostname?: string } = {},
): Promise<{ stationId: string; credential: string; wardId: string }> {
  const wardId = opts.wardId ?? 'test-ward';
  const admin = await login(server);
  const wards = await admin.get<{ items: { id: string }[] }>('/api/v1/wards');
  if (!wards.items.some((w) => w.id === wardId)) {
    await admin.post('/api/v1/wards', { id: wardId, name: `Ward ${wardId}` });
  }
  const { token } = await admin.post<{ token: string }>('/api/v1/enrollment-tokens', { wardId });
  const { data } = await call<{ stationId: string; credential: string; wardId: string }>(
    server,
    'POST',
    '/api/v1/enroll',
    {},
    { token, hostname: opts.hostname ?? `pc-${wardId}` },
  );
  return data;
}
