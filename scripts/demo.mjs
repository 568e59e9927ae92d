// `pnpm demo`: the server on its embedded SQLite, the 23 simulated wards of Quảng Ngãi city,
// and one real agent on this machine. Every address here is loopback: the central systems
// are small local stand-ins, and the simulated wards synthesize their results.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CENTRAL_SYSTEMS, QUANG_NGAI_WARDS } from '@wardwatch/shared';

const root = resolve(import.meta.dirname, '..');
const dataDir = join(root, 'data', 'demo');
const host = process.env.WARDWATCH_HOST ?? '127.0.0.1';
const port = process.env.WARDWATCH_PORT ?? '8080';
const password = process.env.WARDWATCH_ADMIN_PASSWORD ?? 'wardwatch-demo';
const officerWard = QUANG_NGAI_WARDS[0];
/**
 * A demo account's password: the well-known default, or a random one when an admin password
 * was chosen (the demo may then be reachable by others, and these would be guessable).
 */
const demoPassword = (fallback) =>
  process.env.WARDWATCH_ADMIN_PASSWORD === undefined
    ? fallback
    : randomBytes(9).toString('base64url');
/** One account per role (DESIGN §2), and what each sees in the console. */
const logins = [
  {
    username: 'admin',
    password,
    sees: 'city IT (quản trị): every ward live, incidents, equipment, reports, settings (wards, stations, targets, users …)',
  },
  {
    username: `canbo-${officerWard.id}`,
    password: demoPassword('canbo-demo-1'),
    role: 'officer',
    wardId: officerWard.id,
    sees: `ward officer (cán bộ xã, phường): only ${officerWard.name}: its workstations' line and devices and its incidents, in Vietnamese`,
  },
  {
    username: 'lanhdao',
    password: demoPassword('lanhdao-demo-1'),
    role: 'viewer',
    sees: 'leadership (lãnh đạo): every ward, incidents, equipment and the period reports (CSV, A4), read-only',
  },
];
const children = [];

/** Start a node process; its stderr lines are shown with a `[name]` prefix. */
function run(name, args, { env = {}, isService = true } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8');
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  if (isService) {
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`[${name}] stopped unexpectedly (${signal ?? code})`);
    });
    children.push(child);
  }
  return child;
}

async function waitForLine(child, pattern) {
  let seen = '';
  for await (const chunk of child.stdout) {
    seen += chunk;
    const match = seen.match(pattern);
    if (match) return match;
  }
  throw new Error(`process ended before printing ${pattern}:\n${seen}`);
}

/** A loopback listener standing in for a central system, so the real agent has something to probe. */
async function standIn() {
  const server = createServer((socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children.reverse()) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const server = run(
  'server',
  [
    'server/bin/wardwatch-server.js',
    '--host',
    host,
    '--port',
    port,
    '--db',
    `sqlite:${join(dataDir, 'wardwatch.db')}`,
  ],
  { env: { WARDWATCH_ADMIN_PASSWORD: password } },
);
const [, url] = await waitForLine(server, /WardWatch server ready: (\S+)/);
server.stdout.resume();
const api = new URL('/api/v1/', url);

const login = await fetch(new URL('auth/login', api), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password }),
});
if (!login.ok) throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
const { csrfToken } = await login.json();
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
async function post(path, body) {
  const res = await fetch(new URL(path, api), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

for (const ward of QUANG_NGAI_WARDS) await post('wards', ward);
for (const system of CENTRAL_SYSTEMS) {
  if (system.id === 'gateway') {
    await post('targets', { ...system, probe: 'icmp', host: '127.0.0.1', intervalMs: 5000 });
  } else {
    const standInServer = await standIn();
    const { port: standInPort } = standInServer.address();
    await post('targets', {
      ...system,
      probe: 'tcp',
      host: '127.0.0.1',
      port: standInPort,
      intervalMs: 10_000,
    });
  }
}

for (const { username, password: userPassword, role, wardId } of logins.slice(1)) {
  await post('users', { username, password: userPassword, role, ...(wardId && { wardId }) });
}

const sim = run('sim', [
  'agent/bin/wardwatch-sim.js',
  '--server',
  url,
  '--wards',
  '23',
  '--seed',
  '1',
  '--password',
  password,
]);
sim.stdout.resume();

const agentConfig = join(dataDir, 'agent', 'agent.json');
const { token } = await post('enrollment-tokens', { wardId: officerWard.id });
const enroll = run(
  'agent',
  [
    'agent/bin/wardwatch-agent.js',
    'enroll',
    '--server',
    url,
    '--token',
    token,
    '--config',
    agentConfig,
  ],
  { isService: false },
);
enroll.stdout.resume();
const [code] = await once(enroll, 'exit');
if (code !== 0) throw new Error('demo: enrolling the local agent failed');
run('agent', ['agent/bin/wardwatch-agent.js', 'run', '--config', agentConfig]).stdout.resume();

console.log(`
WardWatch demo is running.
  Console:  ${url}
  Logins (username / password):
${logins.map((l) => `    ${l.username} / ${l.password}\n      ${l.sees}`).join('\n')}
  Stations: 23 simulated wards + this machine (${hostname()}) in ${officerWard.name}
Press Ctrl+C to stop.`);
