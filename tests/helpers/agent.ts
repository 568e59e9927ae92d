import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signalAndWait } from './process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const AGENT_BIN = join(ROOT, 'agent', 'bin', 'wardwatch-agent.js');
const READY = 'agent started';
const START_TIMEOUT_MS = 20_000;

/** The parts of `dataDir/state.json` the tests read (see agent/src/state.ts). */
export interface AgentStateFile {
  pid: number;
  running: boolean;
  updatedAt: number;
  connection: { state: string; lastContactAt: number | null; lastError: string | null };
  outbox: { batches: number; bytes: number; lastSeq: number; ackedSeq: number };
  recordsAppended: number;
  targets: { id: string }[];
  lastResults: Record<string, { ok: boolean; at: number; error?: string }>;
}

export interface RunningAgent {
  configPath: string;
  dataDir: string;
  /** SIGTERM (the agent flushes and drains), then wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, then wait for exit. */
  kill(): Promise<void>;
  /** Start again with the same config and data dir (stops first if running). */
  restart(): Promise<void>;
  state(): Promise<AgentStateFile>;
  /** Everything the process wrote (all runs). */
  output(): string;
}

export interface AgentStartOptions {
  serverUrl: string;
  stationId: string;
  credential: string;
  wardId: string;
  dataDir?: string;
  /** Extra config keys (sysIntervalMs, flushMs, heartbeatMs, targets, language, ...). */
  overrides?: Record<string, unknown>;
  /** Node arguments before the command: default the compiled agent, no flags. */
  launcher?: string[];
}

/** Write an agent config (mode 0600) into a fresh temp dir; returns its path. */
export async function writeAgentConfig(opts: AgentStartOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wardwatch-agent-'));
  const configPath = join(dir, 'agent.json');
  const config = {
    server: opts.serverUrl,
    stationId: opts.stationId,
    credential: opts.credential,
    wardId: opts.wardId,
    ...(opts.dataDir !== undefined && { dataDir: opts.dataDir }),
    // Test links (netns) are plain http to a non-loopback address on purpose.
    ...(!/^(ws|http):\/\/(127\.|localhost|\[::1\])/.test(opts.serverUrl) && {
      allowInsecure: true,
    }),
    sysIntervalMs: 1000,
    flushMs: 200,
    heartbeatMs: 2000,
    ...opts.overrides,
  };
  await writeFile(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return configPath;
}

/**
 * Run a CLI command to completion (`node agent/bin/wardwatch-agent.js ...`). `wrapper` is a
 * command that runs node for us, e.g. `setpriv …` to run as another user (tests/helpers/user.ts).
 */
export function runAgentCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30_000,
  launcher: string[] = [AGENT_BIN],
  wrapper: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [command, ...argv] = [...wrapper, process.execPath, ...launcher, ...args] as [
      string,
      ...string[],
    ];
    const proc = spawn(command, argv, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`wardwatch-agent ${args.join(' ')} timed out:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Spawn the compiled agent (`npx tsc -b agent` first) with a config written from `opts`, and
 * wait until it has started (it may still be connecting).
 */
export async function startAgent(opts: AgentStartOptions): Promise<RunningAgent> {
  const configPath = await writeAgentConfig(opts);
  const dataDir = opts.dataDir ?? join(configPath, '..', 'data');
  await mkdir(dataDir, { recursive: true });
  let out = '';
  let child: ChildProcess | null = null;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const launcher = opts.launcher ?? [AGENT_BIN];
      const proc = spawn(process.execPath, [...launcher, 'run', '--config', configPath], {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      const before = out.split(READY).length;
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        proc.kill('SIGKILL');
        reject(new Error(`agent did not start in ${START_TIMEOUT_MS} ms:\n${out}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (!settled && out.split(READY).length > before) {
          settled = true;
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`agent exited (code ${code}, signal ${signal}) before start:\n${out}`));
      });
    });

  const waitExit = (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    return signalAndWait(proc, signal);
  };

  process.once('exit', () => {
    child?.kill('SIGKILL');
  });
  await launch();
  return {
    configPath,
    dataDir,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    restart: async () => {
      await waitExit('SIGTERM');
      await launch();
    },
    state: async () =>
      JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8')) as AgentStateFile,
    output: () => out,
  };
}
