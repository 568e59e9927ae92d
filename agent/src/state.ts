import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Device,
  IfaceRecord,
  PeripheralCategory,
  ProbeRecord,
  SessionRecord,
  SysRecord,
  Target,
} from '@wardwatch/shared';
import type { OutboxSize } from './outbox/outbox.js';
import type { RequirementSource } from './required.js';
import type { ConnectionState } from './transport/connection.js';

/** What a running agent writes to `dataDir/state.json` for `wardwatch-agent status`. */
export interface AgentState {
  pid: number;
  running: boolean;
  startedAt: number;
  updatedAt: number;
  agentVersion: string;
  stationId: string;
  wardId: string;
  hostname: string;
  server: string;
  connection: {
    state: ConnectionState;
    lastContactAt: number | null;
    onlineSince: number | null;
    lastError: string | null;
  };
  outbox: OutboxSize;
  /** Records ever appended to the outbox (all runs); the server should end up with as many. */
  recordsAppended: number;
  targets: Array<Pick<Target, 'id' | 'name' | 'probe' | 'host' | 'port' | 'intervalMs'>>;
  lastResults: Record<string, ProbeRecord>;
  lastSys: SysRecord | null;
  // Optional: absent in state files written by older agents.
  /** Session drops counted per Vietnam calendar day. */
  sessionDrops?: SessionDrops;
  /** The latest USB scan (sent or not). */
  peripherals?: { at: number; devices: Device[] } | null;
  /** Required categories: the server's requirement for the ward, else the local config's. */
  requiredPeripherals?: PeripheralCategory[];
  /** How many of each category are required (absent: one). */
  requiredCounts?: Partial<Record<PeripheralCategory, number>>;
  requiredSource?: RequirementSource;
  iface?: IfaceRecord | null;
  clockJumps?: number;
  /** Wall time spent per collector/probe kind (profiling; see bench/agent-footprint.mjs). */
  timings?: Record<string, Timing>;
}

export interface SessionDrops {
  /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
  day: string;
  server: number;
  service: Record<string, number>;
}

export interface Timing {
  runs: number;
  totalMs: number;
  maxMs: number;
}

/** Vietnam is UTC+7 all year (no daylight saving since 1975). */
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * Calendar day in Vietnam time, `YYYY-MM-DD`. Plain arithmetic, not `Intl.DateTimeFormat`:
 * the first Intl call maps ICU's data into the agent (≈ 5 MB of RSS, docs/benchmarks.md).
 */
export function vnDay(at: number): string {
  return new Date(at + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Count one drop into today's tally; a new day starts from zero. */
export function countDrop(prev: SessionDrops | undefined, record: SessionRecord): SessionDrops {
  const day = vnDay(record.endedAt);
  const base: SessionDrops =
    prev && prev.day === day
      ? { ...prev, service: { ...prev.service } }
      : { day, server: 0, service: {} };
  if (prev && prev.day > day) return prev; // a late record from an earlier day
  if (record.session === 'server') base.server += 1;
  else {
    const key = record.target ?? '?';
    base.service[key] = (base.service[key] ?? 0) + 1;
  }
  return base;
}

/** Add one measured duration to a timing table (mutates; the agent owns it). */
export function addTiming(table: Record<string, Timing>, name: string, ms: number): void {
  const t = (table[name] ??= { runs: 0, totalMs: 0, maxMs: 0 });
  t.runs += 1;
  t.totalMs = Math.round((t.totalMs + ms) * 1000) / 1000;
  t.maxMs = Math.max(t.maxMs, Math.round(ms * 1000) / 1000);
}

export const statePath = (dataDir: string) => join(dataDir, 'state.json');

export async function writeState(dataDir: string, state: AgentState): Promise<void> {
  const path = statePath(dataDir);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, path);
}

/** The state file, or null when there is none yet; an unreadable or broken file throws. */
export async function readStateFile(dataDir: string): Promise<AgentState | null> {
  let text: string;
  try {
    text = await readFile(statePath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return JSON.parse(text) as AgentState;
}

/** The previous run's state, if any can be read (the agent starts afresh otherwise). */
export function readState(dataDir: string): Promise<AgentState | null> {
  return readStateFile(dataDir).catch(() => null);
}
