import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AGENT_BIN, writeAgentConfig, type AgentStateFile } from '../helpers/agent.js';
import type { Api, RunningServer } from '../helpers/server.js';
import type { Link, ServiceProcess } from './netns.js';

// Shared set-up of the netem link tests: the server runs in namespace B, the agent in A,
// and the test process makes its REST calls over B's side veth.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** expect.poll for hooks (it only works inside a test). */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  pollMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

/**
 * Start the server inside B on all its addresses; `server.url` goes over the side veth
 * (the link must have been created with `sidePath: true`).
 */
export async function startServerInB(
  link: Link,
  dir: string,
): Promise<{ proc: ServiceProcess; server: RunningServer }> {
  const adminPassword = `pw-${randomBytes(9).toString('base64url')}`;
  const dbPath = join(dir, 'ww.db');
  const proc = await link.start(
    link.nsB,
    [
      process.execPath,
      'server/bin/wardwatch-server.js',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--db',
      `sqlite:${dbPath}`,
    ],
    /WardWatch server ready: http:\/\/[^:]+:(\d+)\//,
    {
      env: {
        ...process.env,
        WARDWATCH_LOG_LEVEL: 'warn',
        WARDWATCH_ADMIN_PASSWORD: adminPassword,
      },
    },
  );
  const port = Number(proc.ready[1]);
  const server: RunningServer = {
    url: `http://${link.sideB as string}:${port}`,
    port,
    dbPath,
    adminPassword,
    stop: () => proc.stop(),
    kill: () => proc.stop('SIGKILL'),
    restart: () => Promise.reject(new Error('not supported in netem tests')),
    output: () => proc.output(),
  };
  return { proc, server };
}

/** Write the agent's config (fast test intervals) and start the agent inside A. */
export async function startAgentInA(
  link: Link,
  opts: {
    serverUrl: string;
    station: { stationId: string; credential: string; wardId: string };
    dataDir: string;
  },
): Promise<{ proc: ServiceProcess; configDir: string }> {
  const configPath = await writeAgentConfig({
    serverUrl: opts.serverUrl,
    stationId: opts.station.stationId,
    credential: opts.station.credential,
    wardId: opts.station.wardId,
    dataDir: opts.dataDir,
    overrides: { sysIntervalMs: 2000, flushMs: 200, heartbeatMs: 2000, ifaceIntervalMs: 1000 },
  });
  const proc = await link.start(
    link.nsA,
    [process.execPath, AGENT_BIN, 'run', '--config', configPath],
    /agent started/,
  );
  return { proc, configDir: dirname(configPath) };
}

/** The agent's state file. */
export async function agentState(dataDir: string): Promise<AgentStateFile> {
  return JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8')) as AgentStateFile;
}

/** The agent says it is online (false while its state file is missing or unreadable). */
export async function agentOnline(dataDir: string): Promise<boolean> {
  return (await agentState(dataDir).catch(() => null))?.connection.state === 'online';
}

/** Every record the server stored for the station. */
export async function stationRecords<T>(admin: Api, stationId: string): Promise<T[]> {
  return (await admin.get<{ items: T[] }>(`/api/v1/records?station=${stationId}&limit=10000`))
    .items;
}

/** afterAll: kill the agent, tear the link down, remove the temp and config dirs. */
export async function teardown(parts: {
  agentProc: ServiceProcess | undefined;
  link: Link | undefined;
  tmp: { remove(): Promise<void> } | undefined;
  configDir: string | null;
}): Promise<void> {
  await parts.agentProc?.stop('SIGKILL');
  await parts.link?.destroy();
  await parts.tmp?.remove();
  if (parts.configDir) await rm(parts.configDir, { recursive: true, force: true });
}
