import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve, win32 } from 'node:path';
import type { CatalogEntry, EquipmentRequirement, PeripheralCategory } from '@wardwatch/shared';
import { REQUIRED_PERIPHERALS } from '@wardwatch/shared/agent';
import type { AgentFileConfig } from './config-schema.js';
import { cronProblem } from './cron.js';
import { explain } from './explain.js';
import { isAgentFileConfig, isStatusConfig } from './validators.gen.js';

export type { AgentFileConfig } from './config-schema.js';

export type Language = 'vi' | 'en';

export interface AgentConfig {
  path: string;
  server: string;
  stationId: string;
  credential: string;
  wardId: string;
  dataDir: string;
  hostname: string;
  language: Language;
  sysIntervalMs: number;
  /** Set only when the file says so (a server-pushed value applies otherwise). */
  sysIntervalOverride: boolean;
  heartbeatMs: number;
  flushMs: number;
  outboxMaxBytes: number;
  targets: AgentFileConfig['targets'];
  tunnelInterface: string | undefined;
  ifaceIntervalMs: number;
  ifaceFullEveryMs: number;
  peripheralsIntervalMs: number;
  peripheralsFullEveryMs: number;
  sysfsRoot: string;
  peripheralCatalog: CatalogEntry[];
  requiredPeripherals: PeripheralCategory[];
  /** The ward's requirement as the server last sent it (cached in the file), if ever. */
  equipment: EquipmentRequirement | undefined;
  probeCaFile: string | undefined;
  serverCaFile: string | undefined;
  allowInsecure: boolean;
  inventoryCron: string;
  compactCron: string;
}

/** A bad or missing config: the CLI prints `message` and exits with code 2. */
export class ConfigError extends Error {
  readonly exitCode = 2;
  /** The file is there but this user may not read it (`isAccessDenied`). */
  readonly isPermissionDenied: boolean;
  constructor(message: string, isPermissionDenied = false) {
    super(message);
    this.isPermissionDenied = isPermissionDenied;
  }
}

export function defaultConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return win32.join(env.ProgramData ?? 'C:\\ProgramData', 'WardWatch', 'agent.json');
  }
  return '/etc/wardwatch/agent.json';
}

/** `--config FILE`, else WARDWATCH_AGENT_CONFIG, else the platform default. */
export function resolveConfigPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (flag) return resolve(flag);
  if (env.WARDWATCH_AGENT_CONFIG) return resolve(env.WARDWATCH_AGENT_CONFIG);
  return defaultConfigPath(platform, env);
}

/** Where the agent keeps state and outbox when the config sets no `dataDir`: beside the file. */
export function defaultDataDir(configPath: string): string {
  return join(dirname(configPath), 'data');
}

/** A file or folder that exists but this user may not read (EPERM is Windows' ACL denial). */
export function isAccessDenied(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

function dataDirOf(configPath: string, dataDir: string | undefined): string {
  return dataDir ? resolve(dirname(configPath), dataDir) : defaultDataDir(configPath);
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Plain ws/http to anything but this machine: the credential would cross the network in clear. */
export function isPlainRemote(server: string): boolean {
  const url = new URL(server);
  if (url.protocol !== 'ws:' && url.protocol !== 'http:') return false;
  return !LOOPBACK.test(url.hostname);
}

/** Validate parsed JSON; errors name the file, the key and what was expected. */
export async function parseConfig(path: string, raw: unknown): Promise<AgentConfig> {
  if (!isAgentFileConfig(raw)) {
    throw new ConfigError(`${path}: invalid agent config: ${await explain('config', raw)}`);
  }
  for (const key of ['inventoryCron', 'compactCron'] as const) {
    const expr = raw[key];
    const problem = expr === undefined ? null : cronProblem(expr);
    if (problem) {
      throw new ConfigError(
        `${path}: invalid agent config: /${key}: not a cron expression: "${expr}" (${problem})`,
      );
    }
  }
  if (!raw.allowInsecure && isPlainRemote(raw.server)) {
    throw new ConfigError(
      `${path}: server ${raw.server} is plain ws/http to a remote host; use wss:// (https://) ` +
        'or set "allowInsecure": true',
    );
  }
  return Object.freeze({
    path,
    server: raw.server,
    stationId: raw.stationId,
    credential: raw.credential,
    wardId: raw.wardId,
    dataDir: dataDirOf(path, raw.dataDir),
    hostname: raw.hostname ?? os.hostname(),
    language: raw.language ?? 'vi',
    sysIntervalMs: raw.sysIntervalMs ?? 60_000,
    sysIntervalOverride: raw.sysIntervalMs !== undefined,
    heartbeatMs: raw.heartbeatMs ?? 15_000,
    flushMs: raw.flushMs ?? 1000,
    outboxMaxBytes: raw.outboxMaxBytes ?? 200 * 1024 * 1024,
    targets: raw.targets,
    tunnelInterface: raw.tunnelInterface,
    ifaceIntervalMs: raw.ifaceIntervalMs ?? 5000,
    ifaceFullEveryMs: raw.ifaceFullEveryMs ?? 300_000,
    peripheralsIntervalMs: raw.peripheralsIntervalMs ?? 60_000,
    peripheralsFullEveryMs: raw.peripheralsFullEveryMs ?? 900_000,
    sysfsRoot: raw.sysfsRoot ? resolve(dirname(path), raw.sysfsRoot) : '/sys',
    peripheralCatalog: (raw.peripheralCatalog ?? []).map((c) => ({
      ...c,
      vid: c.vid.toLowerCase(),
      ...(c.pids && { pids: c.pids.map((p) => p.toLowerCase()) }),
      source: c.source ?? `site config (${path})`,
    })),
    requiredPeripherals: raw.requiredPeripherals ?? [...REQUIRED_PERIPHERALS],
    equipment: raw.equipment,
    probeCaFile: raw.probeCaFile ? resolve(dirname(path), raw.probeCaFile) : undefined,
    serverCaFile: raw.serverCaFile ? resolve(dirname(path), raw.serverCaFile) : undefined,
    allowInsecure: raw.allowInsecure ?? false,
    inventoryCron: raw.inventoryCron ?? '17 3 * * *',
    compactCron: raw.compactCron ?? '47 3 * * *',
  });
}

async function readConfigJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(
        `${path}: config file not found (run "wardwatch-agent enroll" first, or pass --config FILE)`,
      );
    }
    throw new ConfigError(
      `${path}: cannot read config file: ${(err as Error).message}`,
      isAccessDenied(err),
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}

export async function loadConfig(path: string): Promise<AgentConfig> {
  return parseConfig(path, await readConfigJson(path));
}

/** What `wardwatch-agent status` takes from the config: nothing else is kept or checked. */
export interface StatusSettings {
  dataDir: string;
  language: Language;
}

export async function loadStatusSettings(path: string): Promise<StatusSettings> {
  const raw = await readConfigJson(path);
  if (!isStatusConfig(raw)) {
    throw new ConfigError(`${path}: invalid agent config: ${await explain('statusConfig', raw)}`);
  }
  return { dataDir: dataDirOf(path, raw.dataDir), language: raw.language ?? 'vi' };
}

/** Write atomically with mode 0600: the file holds the station's credential. */
export async function writeConfigFile(path: string, config: AgentFileConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/**
 * Remember what the server last sent (targets, equipment requirement) in the config file
 * itself, so a restart while the server is unreachable still probes and shows it.
 */
export async function cacheServerConfig(
  path: string,
  cached: Pick<AgentFileConfig, 'targets' | 'equipment'>,
): Promise<void> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as AgentFileConfig;
  const next = { ...raw, ...cached };
  if (JSON.stringify(next) === JSON.stringify(raw)) return;
  await writeConfigFile(path, next);
}
