// Public surface reused by the fleet simulator (agent/src/sim) and tests.
export * from './outbox/index.js';
export * from './transport/index.js';
export * from './log.js';
export { Scheduler, nextDelayMs } from './scheduler.js';
export {
  strategyFor,
  toProbeRecord,
  type ProbeOutcome,
  type ProbeStrategy,
} from './probes/index.js';
export { echoStats } from './probes/icmp-stats.js';
export { AGENT_VERSION } from './version.js';
