/**
 * V8 flags the agent runs with: deploy/systemd/wardwatch-agent.service, the Windows service
 * (deploy/windows/install-service.ps1), the inventory child and bench/agent-footprint.mjs all use
 * this list (node-flags.test.ts checks the deploy files). Less memory for the same work: no JIT
 * tiers (`--lite-mode`), a 1 MB young generation, no V8 worker threads (docs/benchmarks.md).
 */
export const AGENT_NODE_FLAGS = [
  '--lite-mode',
  '--max-semi-space-size=1',
  '--v8-pool-size=0',
  '--single-threaded-gc',
] as const;

/** The agent flags this process was started with (what a child of ours should get too). */
export const agentFlagsOf = (execArgv: readonly string[]): string[] =>
  execArgv.filter((a) => (AGENT_NODE_FLAGS as readonly string[]).includes(a));
