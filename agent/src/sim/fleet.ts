import type { AgentConfig, AgentRecord, Hello, Target, Welcome } from '@wardwatch/shared';
import { silentLogger, type Logger } from '../log.js';
import { MemoryOutbox } from '../outbox/memory.js';
import { createAgentConnection, type AgentConnection } from '../transport/connection.js';
import { agentSocketUrl } from '../transport/url.js';
import { AGENT_VERSION } from '../version.js';
import type { SimCredential } from './bootstrap.js';
import { isPoweredOff, synthesizePeripherals, synthesizeProbe, synthesizeSys } from './model.js';
import { createRandom, hashUnit } from './prng.js';
import type { Scenario } from './scenario.js';

export interface FleetOptions {
  server: string;
  stations: SimCredential[];
  scenario: Scenario;
  seed: number;
  /** How often the fleet looks for due work; every station shares this one timer. */
  tickMs?: number;
  sysIntervalMs?: number;
  peripheralsIntervalMs?: number;
  log?: Logger;
  now?: () => number;
}

interface SimAgent {
  cred: SimCredential;
  outbox: MemoryOutbox;
  connection: AgentConnection | null;
  targets: Target[];
  /** Next due time per target id, and for the sys and peripherals collectors. */
  due: Map<string, number>;
  bootedAt: number;
  /** Set at the first welcome: before it, a reused station's seq is not known yet. */
  isWelcomed: boolean;
  random: () => number;
}

/**
 * A simulated city: each station has an in-memory outbox and the agent's own connection
 * code, and synthesizes what a real agent would measure under the scenario. One timer
 * drives all stations so thousands of them stay cheap.
 */
export function createFleet(opts: FleetOptions) {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? silentLogger;
  const tickMs = opts.tickMs ?? 1000;
  const sysIntervalMs = opts.sysIntervalMs ?? 60_000;
  const peripheralsIntervalMs = opts.peripheralsIntervalMs ?? 60_000;
  const url = agentSocketUrl(opts.server);
  let startedAt = 0;
  let timer: NodeJS.Timeout | null = null;

  const agents: SimAgent[] = opts.stations.map((cred) => ({
    cred,
    outbox: new MemoryOutbox({ now }),
    connection: null,
    targets: [],
    due: new Map(),
    bootedAt: 0,
    isWelcomed: false,
    random: createRandom(opts.seed ^ Math.floor(hashUnit(cred.stationId) * 2 ** 31)),
  }));

  function powerOn(agent: SimAgent, at: number): void {
    agent.bootedAt = at;
    agent.due.clear();
    // Spread first rounds over the interval so stations don't fire in lockstep.
    agent.due.set('sys', at + Math.floor(agent.random() * 5000));
    agent.due.set('peripherals', at);
    const hello = (): Hello => ({
      v: 1,
      type: 'hello',
      stationId: agent.cred.stationId,
      agentVersion: `${AGENT_VERSION}-sim`,
      hostname: agent.cred.hostname,
      os: { platform: 'win32', release: '10.0.19045', arch: 'x64' },
      sentAt: now(),
      mono: now() - agent.bootedAt,
      lastSeq: agent.outbox.size().lastSeq,
    });
    agent.connection = createAgentConnection({
      url,
      credential: agent.cred.credential,
      hello,
      outbox: agent.outbox,
      onWelcome: (config: AgentConfig, welcome: Welcome) => {
        applyTargets(agent, config.targets, now());
        if (agent.isWelcomed) return;
        agent.isWelcomed = true;
        // A reused station's server already holds seqs this fresh outbox would assign again:
        // move past them (ack raises lastSeq) before the first record is appended.
        const start = {
          kind: 'event',
          at: now(),
          name: 'agent_start',
          detail: `sim ${AGENT_VERSION}`,
        } as const;
        void agent.outbox
          .ack(welcome.ackedSeq)
          .then(() => agent.outbox.append([start]))
          .then(() => agent.connection?.notify());
      },
      log,
      random: agent.random,
      now,
    });
    agent.connection.start();
  }

  async function powerOff(agent: SimAgent): Promise<void> {
    const connection = agent.connection;
    agent.connection = null;
    // The outbox stays, as the real agent's disk outbox survives a power cycle.
    await connection?.stop();
  }

  function applyTargets(agent: SimAgent, targets: Target[], at: number): void {
    const mine = targets.filter((t) => !t.wardId || t.wardId === agent.cred.wardId);
    for (const t of mine) {
      if (!agent.due.has(t.id)) agent.due.set(t.id, at + Math.floor(agent.random() * t.intervalMs));
    }
    agent.targets = mine;
  }

  function tick(): void {
    const at = now();
    const minute = (at - startedAt) / 60_000;
    for (const agent of agents) {
      const off = isPoweredOff(opts.scenario, agent.cred.wardId, minute);
      if (off && agent.connection) void powerOff(agent);
      if (off) continue;
      if (!agent.connection) powerOn(agent, at);
      if (!agent.isWelcomed) continue;
      const records = dueRecords(agent, at, minute);
      if (records.length > 0) {
        void agent.outbox.append(records).then(() => agent.connection?.notify());
      }
    }
  }

  function dueRecords(agent: SimAgent, at: number, minute: number): AgentRecord[] {
    const records: AgentRecord[] = [];
    const isDue = (key: string, intervalMs: number) => {
      const due = agent.due.get(key);
      if (due === undefined || due > at) return false;
      // Jitter ±10 % so stations drift apart instead of firing together.
      agent.due.set(key, at + intervalMs * (0.9 + 0.2 * agent.random()));
      return true;
    };
    const { stationId, wardId } = agent.cred;
    for (const target of agent.targets) {
      if (isDue(target.id, target.intervalMs)) {
        records.push(
          synthesizeProbe({ stationId, wardId }, target, at, minute, opts.scenario, agent.random),
        );
      }
    }
    if (isDue('sys', sysIntervalMs))
      records.push(synthesizeSys(at, (at - agent.bootedAt) / 1000, agent.random));
    if (isDue('peripherals', peripheralsIntervalMs)) {
      records.push(synthesizePeripherals({ stationId, wardId }, at, minute, opts.scenario));
    }
    return records;
  }

  return {
    start(): void {
      startedAt = now();
      tick();
      timer = setInterval(tick, tickMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all(agents.map((a) => a.connection?.stop()));
    },
    /** Per station: what it appended and what the server acknowledged. */
    stats() {
      return agents.map((a) => ({
        stationId: a.cred.stationId,
        connection: a.connection?.status() ?? null,
        outbox: a.outbox.size(),
      }));
    },
  };
}
