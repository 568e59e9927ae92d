import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeRecord, SysRecord, Target } from '@wardwatch/shared';
import type { OutboxSize } from './outbox/outbox.js';
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
}

export const statePath = (dataDir: string) => join(dataDir, 'state.json');

export async function writeState(dataDir: string, state: AgentState): Promise<void> {
  const path = statePath(dataDir);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, path);
}

export async function readState(dataDir: string): Promise<AgentState | null> {
  try {
    return JSON.parse(await readFile(statePath(dataDir), 'utf8')) as AgentState;
  } catch {
    return null;
  }
}
