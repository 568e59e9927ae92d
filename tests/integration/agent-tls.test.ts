import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli, startAgent, type RunningAgent } from '../helpers/agent.js';
import {
  enrollStation,
  login,
  startServer,
  type Api,
  type RunningServer,
  type ServerTls,
} from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/wait.js';

// Issue 7 TLS: the server serves https/wss from its cert and key; the agent verifies the
// certificate against the system CAs or a pinned CA file, and refuses plain ws to a remote
// server unless configured for it. A throwaway CA and certificates are made with openssl.

let dir: Awaited<ReturnType<typeof tempDir>>;
let tls: ServerTls;
let otherHostTls: ServerTls;
let server: RunningServer;
let admin: Api;
const agents: RunningAgent[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir.path, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A P-256 key and a certificate signed by the test CA for the given subjectAltName. */
function issue(name: string, san: string): Omit<ServerTls, 'ca'> {
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  // prettier-ignore
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-days', '2', '-out', `${name}.pem`,
    '-extfile', writeExt(name, san));
  return { certFile: join(dir.path, `${name}.pem`), keyFile: join(dir.path, `${name}.key`) };
}

function writeExt(name: string, san: string): string {
  const file = join(dir.path, `${name}.ext`);
  writeFileSync(file, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  return file;
}

/** Polls every 200 ms until `probe` is true; throws naming `what` after `timeoutMs`. */
const waitFor = (what: string, probe: () => Promise<boolean>, timeoutMs: number) =>
  until(what, async () => ((await probe()) ? true : undefined), { timeoutMs, everyMs: 200 });

const caFile = () => join(dir.path, 'ca.pem');

/** `wardwatch-agent enroll` against `srv` with a fresh token of the ward tls-ward. */
async function enrollCli(srv: RunningServer, configPath: string, ...extra: string[]) {
  const api = srv === server ? admin : await login(srv);
  const wards = await api.get<{ items: { id: string }[] }>('/api/v1/wards');
  if (!wards.items.some((w) => w.id === 'tls-ward')) {
    await api.post('/api/v1/wards', { id: 'tls-ward', name: 'Phường Nghĩa Lộ' });
  }
  const { token } = await api.post<{ token: string }>('/api/v1/enrollment-tokens', {
    wardId: 'tls-ward',
  });
  return runAgentCli([
    'enroll',
    '--server',
    srv.url,
    '--token',
    token,
    '--config',
    configPath,
    ...extra,
  ]);
}

const storedCount = async (stationId: string) =>
  (await admin.get<{ items: unknown[] }>(`/api/v1/records?station=${stationId}&limit=10000`)).items
    .length;

beforeAll(async () => {
  dir = await tempDir('wardwatch-tls-');
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  // prettier-ignore
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=WardWatch test CA', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign',
    '-out', 'ca.pem');
  const ca = await readFile(caFile(), 'utf8');
  tls = { ...issue('server', 'IP:127.0.0.1,DNS:localhost'), ca };
  otherHostTls = { ...issue('other', 'DNS:ward-server.example'), ca };
  server = await startServer({ tls });
  admin = await login(server);
});

afterAll(async () => {
  for (const a of agents) await a.stop();
  await server?.stop();
  await dir?.remove();
});

describe('TLS between agent and server', () => {
  it('the server serves https only; enroll --ca pins the CA and run delivers over wss', async () => {
    expect(server.url).toMatch(/^https:/);
    // Plain http to the TLS port is not served.
    await expect(fetch(`http://127.0.0.1:${server.port}/api/v1/auth/me`)).rejects.toThrow();

    const configPath = join(dir.path, 'pinned', 'agent.json');
    const res = await enrollCli(server, configPath, '--ca', caFile());
    expect(res.code, res.stderr).toBe(0);
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      server: server.url,
      serverCaFile: join(dir.path, 'pinned', 'server-ca.pem'),
    });
    expect(config.allowInsecure).toBeUndefined();
    expect(await readFile(join(dir.path, 'pinned', 'server-ca.pem'), 'utf8')).toBe(tls.ca);

    const agent = await startAgent({
      serverUrl: server.url,
      stationId: String(config.stationId),
      credential: String(config.credential),
      wardId: String(config.wardId),
      overrides: { serverCaFile: config.serverCaFile },
    });
    agents.push(agent);
    await waitFor(
      'the pinned agent online',
      async () => (await agent.state()).connection.state === 'online',
      15_000,
    );
    expect(agent.output()).toMatch(
      /connected to server \{"url":"wss:\/\/127\.0\.0\.1:\d+\/ws\/agent"/,
    );
    await waitFor(
      '3 records stored',
      async () => (await storedCount(String(config.stationId))) >= 3,
      15_000,
    );
  });

  it('without the CA: a clear certificate error, the outbox kept, and all delivered once the CA is pinned', async () => {
    const refused = await enrollCli(server, join(dir.path, 'nopin', 'agent.json'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not signed by a trusted CA.*--ca FILE/);
    expect(existsSync(join(dir.path, 'nopin', 'agent.json'))).toBe(false);

    const st = await enrollStation(server, { wardId: 'tls-ward', hostname: 'pc-no-ca' });
    const agent = await startAgent({ serverUrl: server.url, ...st });
    agents.push(agent);
    await waitFor(
      '3 batches in the outbox',
      async () => (await agent.state()).outbox.lastSeq >= 3,
      15_000,
    );
    expect(agent.output()).toMatch(
      /error server certificate rejected: .*not signed by a trusted CA/,
    );
    const state = await agent.state();
    expect(state.connection.state).not.toBe('online');
    expect(state.outbox.ackedSeq).toBe(0);
    expect(await storedCount(st.stationId)).toBe(0);

    // The operator pins the CA and restarts: everything measured meanwhile arrives.
    await agent.stop();
    const config = JSON.parse(await readFile(agent.configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(agent.configPath, JSON.stringify({ ...config, serverCaFile: caFile() }));
    await agent.restart();
    await waitFor(
      'the outbox drained over wss',
      async () => {
        const s = await agent.state();
        return s.connection.state === 'online' && s.outbox.ackedSeq === s.outbox.lastSeq;
      },
      20_000,
    );
    await agent.stop();
    const final = await agent.state();
    expect(final.outbox.ackedSeq).toBe(final.outbox.lastSeq);
    expect(await storedCount(st.stationId)).toBe(final.recordsAppended);
    expect(final.recordsAppended).toBeGreaterThan(state.recordsAppended);
  });

  it('plain ws to a remote server is refused unless allowed; enroll records --allow-insecure', async () => {
    // Refused before any connection is tried (the name does not even resolve).
    const configPath = join(dir.path, 'plain', 'agent.json');
    const plainUrl = 'ws://ward-server.invalid:8080';
    const st = await enrollStation(server, { wardId: 'tls-ward', hostname: 'pc-plain' });
    await mkdir(join(dir.path, 'plain'), { recursive: true });
    await writeFile(configPath, JSON.stringify({ server: plainUrl, ...st }));
    const run = await runAgentCli(['run', '--config', configPath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /plain ws\/http to a remote host; use wss:\/\/ .*"allowInsecure": true/,
    );

    const enroll = await runAgentCli([
      'enroll',
      '--server',
      'http://ward-server.invalid:8080',
      '--token',
      'x',
      '--config',
      join(dir.path, 'plain', 'b.json'),
    ]);
    expect(enroll.code).toBe(2);
    expect(enroll.stderr).toMatch(/unencrypted.*--allow-insecure/);
    expect(existsSync(join(dir.path, 'plain', 'b.json'))).toBe(false);

    // A plain server on this machine: --allow-insecure is recorded for run.
    const plain = await startServer();
    try {
      const allowed = await enrollCli(plain, join(dir.path, 'plain', 'c.json'), '--allow-insecure');
      expect(allowed.code, allowed.stderr).toBe(0);
      const c = JSON.parse(await readFile(join(dir.path, 'plain', 'c.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(c).toMatchObject({ server: plain.url, allowInsecure: true });
      expect(c.serverCaFile).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });

  it('a certificate for another host name is refused even from the pinned CA', async () => {
    const other = await startServer({ tls: otherHostTls });
    try {
      const configPath = join(dir.path, 'other', 'agent.json');
      // TLS fails before the token is sent: any token will do.
      const res = await runAgentCli([
        'enroll',
        '--server',
        other.url,
        '--token',
        'unused',
        '--config',
        configPath,
        '--ca',
        caFile(),
      ]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(
        /certificate is for another host name.*ERR_TLS_CERT_ALTNAME_INVALID/,
      );
      expect(existsSync(configPath)).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
