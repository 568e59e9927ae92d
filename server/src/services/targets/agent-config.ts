import type { AgentConfig, Target } from '@wardwatch/shared';

export const AGENT_HEARTBEAT_MS = 15_000;

/** The config pushed in `welcome`: the ward's targets (already filtered) and heartbeat. */
export function agentConfigFor(targets: readonly Target[]): AgentConfig {
  return { targets: [...targets], heartbeatMs: AGENT_HEARTBEAT_MS };
}
