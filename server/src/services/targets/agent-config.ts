import {
  agentTakesEquipment,
  resolvePolicy,
  type AgentConfig,
  type DetectorSettings,
  type Target,
} from '@wardwatch/shared';
import { loadDetectorSettings } from '../../detector/detector-shell.js';
import type { ServiceContext } from '../context.js';

export const AGENT_HEARTBEAT_MS = 15_000;

/**
 * The config pushed in `welcome`: the ward's targets (already filtered), heartbeat and, for
 * agents that accept it, the ward's resolved equipment requirement.
 */
export function agentConfigFor(
  targets: readonly Target[],
  equipment?: AgentConfig['equipment'],
): AgentConfig {
  return {
    targets: [...targets],
    heartbeatMs: AGENT_HEARTBEAT_MS,
    ...(equipment && { equipment: { ...equipment } }),
  };
}

/**
 * Builds each ward's config once per push, in both shapes: with the equipment requirement
 * for agents that take it, without for older ones (protocol v1 rejects unknown fields).
 */
export class AgentConfigs {
  readonly #ctx: ServiceContext;
  #settings: Promise<DetectorSettings> | null = null;
  readonly #targets = new Map<string, Promise<Target[]>>();

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async forAgent(wardId: string, agentVersion: string): Promise<AgentConfig> {
    let targets = this.#targets.get(wardId);
    if (!targets) {
      targets = this.#ctx.store.listTargets(wardId);
      this.#targets.set(wardId, targets);
    }
    if (!agentTakesEquipment(agentVersion)) return agentConfigFor(await targets);
    this.#settings ??= loadDetectorSettings(this.#ctx.store);
    const equipment = resolvePolicy(await this.#settings, wardId).equipment;
    return agentConfigFor(await targets, equipment);
  }
}
