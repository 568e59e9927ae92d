import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  AgentConfig as ServerConfig,
  AgentRecord,
  Hello,
  ProbeRecord,
  SysRecord,
  Target,
} from '@wardwatch/shared';
import { collectInventory } from './collectors/inventory.js';
import { SysCollector } from './collectors/sys.js';
import { cacheTargets, type AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { Accumulator } from './outbox/accumulator.js';
import { DiskOutbox } from './outbox/disk.js';
import { findPing, strategyFor } from './probes/index.js';
import { Scheduler } from './scheduler.js';
import { readState, writeState, type AgentState } from './state.js';
import { createAgentConnection, type AgentConnection } from './transport/connection.js';
import { agentSocketUrl } from './transport/url.js';
import { AGENT_VERSION } from './version.js';

export interface AgentOptions {
  config: AgentConfig;
  log: Logger;
  stateIntervalMs?: number;
  /** On stop, wait this long for the server to ack what is left. */
  drainMs?: number;
}

/** Wires collectors, probes, outbox and transport; starts in order, stops in reverse. */
export class Agent {
  #opts: AgentOptions;
  #outbox: DiskOutbox | null = null;
  #acc: Accumulator | null = null;
  #sys: SysCollector | null = null;
  #scheduler: Scheduler | null = null;
  #conn: AgentConnection | null = null;
  #stateTimer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #targets: Target[] = [];
  #sysIntervalMs: number;
  #lastResults: Record<string, ProbeRecord> = {};
  #lastSys: SysRecord | null = null;
  #stopped = false;

  constructor(options: AgentOptions) {
    this.#opts = options;
    this.#sysIntervalMs = options.config.sysIntervalMs;
  }

  async start(): Promise<void> {
    const { config, log } = this.#opts;
    this.#startedAt = Date.now();
    await mkdir(config.dataDir, { recursive: true });
    const previous = await readState(config.dataDir);
    if (previous) {
      this.#lastResults = previous.lastResults ?? {};
      this.#lastSys = previous.lastSys ?? null;
    }

    const outbox = await DiskOutbox.open({
      dir: join(config.dataDir, 'outbox'),
      maxBytes: config.outboxMaxBytes,
    });
    this.#outbox = outbox;
    const acc = new Accumulator({
      outbox,
      flushMs: config.flushMs,
      onAppend: () => this.#conn?.notify(),
      onError: (err) => log.error('outbox append failed', { err: String(err) }),
    });
    this.#acc = acc;
    acc.start();
    this.#add({
      kind: 'event',
      at: Date.now(),
      name: 'agent_start',
      detail: JSON.stringify({ version: AGENT_VERSION, pid: process.pid }),
    });

    this.#startSys();

    this.#targets = config.targets ?? [];
    this.#scheduler = new Scheduler({
      strategyFor: (t) => strategyFor(t.probe),
      deps: { findPing: () => findPing() },
      emit: (record) => {
        this.#lastResults[record.target] = record;
        this.#add(record);
      },
      log,
    });
    this.#scheduler.start(this.#targets);

    this.#conn = createAgentConnection({
      url: agentSocketUrl(config.server),
      credential: config.credential,
      hello: () => this.#hello(),
      outbox,
      onWelcome: (cfg) => this.#applyConfig(cfg),
      onSession: (record) => this.#add(record),
      heartbeatMs: config.heartbeatMs,
      log,
    });
    this.#conn.start();

    this.#stateTimer = setInterval(
      () => void this.#saveState(true),
      this.#opts.stateIntervalMs ?? 2000,
    );
    this.#stateTimer.unref();
    await this.#saveState(true);

    collectInventory(Date.now()).then(
      (record) => this.#add(record),
      (err: unknown) => log.warn('inventory failed', { err: String(err) }),
    );
    log.info('agent started', {
      stationId: config.stationId,
      server: config.server,
      targets: this.#targets.length,
      dataDir: config.dataDir,
    });
  }

  #add(record: AgentRecord): void {
    // After stop only a late session drop is kept (it is sent on the next start).
    if (!this.#stopped || record.kind === 'session') {
      this.#acc?.add(record);
    }
  }

  #startSys(): void {
    this.#sys?.stop();
    this.#sys = new SysCollector({
      intervalMs: this.#sysIntervalMs,
      emit: (record) => {
        this.#lastSys = record;
        this.#add(record);
      },
      log: this.#opts.log,
    });
    this.#sys.start();
  }

  #hello(): Hello {
    const { config } = this.#opts;
    return {
      v: 1,
      type: 'hello',
      stationId: config.stationId,
      agentVersion: AGENT_VERSION,
      hostname: config.hostname.slice(0, 255),
      os: {
        platform: os.platform().slice(0, 32),
        release: os.release().slice(0, 128),
        arch: os.arch().slice(0, 32),
      },
      sentAt: Date.now(),
      mono: Math.round(performance.now()),
      lastSeq: this.#outbox?.size().lastSeq ?? 0,
    };
  }

  #applyConfig(cfg: ServerConfig): void {
    const { config, log } = this.#opts;
    if (this.#stopped) return;
    if (JSON.stringify(cfg.targets) !== JSON.stringify(this.#targets)) {
      this.#targets = cfg.targets;
      this.#scheduler?.setTargets(cfg.targets);
      this.#add({
        kind: 'event',
        at: Date.now(),
        name: 'config_applied',
        detail: JSON.stringify({ targets: cfg.targets.map((t) => t.id) }),
      });
      // Cached so a restart while the server is unreachable still probes.
      cacheTargets(config.path, cfg.targets).catch((err: unknown) =>
        log.warn('could not cache the server config', { err: String(err) }),
      );
      log.info('config applied', { targets: cfg.targets.length });
    }
    if (
      !config.sysIntervalOverride &&
      cfg.sysIntervalMs &&
      cfg.sysIntervalMs !== this.#sysIntervalMs
    ) {
      this.#sysIntervalMs = cfg.sysIntervalMs;
      this.#startSys();
    }
  }

  #state(running: boolean): AgentState | null {
    const { config } = this.#opts;
    if (!this.#outbox) return null;
    const conn = this.#conn?.status();
    const size = this.#outbox.size();
    return {
      pid: process.pid,
      running,
      startedAt: this.#startedAt,
      updatedAt: Date.now(),
      agentVersion: AGENT_VERSION,
      stationId: config.stationId,
      wardId: config.wardId,
      hostname: config.hostname,
      server: config.server,
      connection: {
        state: conn?.state ?? 'idle',
        lastContactAt: conn?.lastContactAt ?? null,
        onlineSince: conn?.onlineSince ?? null,
        lastError: conn?.lastError ?? null,
      },
      outbox: size,
      recordsAppended: size.appendedRecords,
      targets: this.#targets.map(({ id, name, probe, host, port, intervalMs }) => ({
        id,
        name,
        probe,
        host,
        port,
        intervalMs,
      })),
      lastResults: this.#lastResults,
      lastSys: this.#lastSys,
    };
  }

  async #saveState(running: boolean): Promise<void> {
    const state = this.#state(running);
    if (!state) return;
    try {
      await writeState(this.#opts.config.dataDir, state);
    } catch (err) {
      this.#opts.log.warn('could not write state.json', { err: String(err) });
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const { log } = this.#opts;
    if (this.#stateTimer) clearInterval(this.#stateTimer);
    this.#stateTimer = null;
    this.#scheduler?.stop();
    this.#sys?.stop();
    this.#acc?.add({ kind: 'event', at: Date.now(), name: 'agent_stop' });
    await this.#acc?.flush();
    if (this.#conn?.status().state === 'online') {
      const drained = await this.#conn.waitDrained(this.#opts.drainMs ?? 5000);
      if (!drained) log.warn('stopping with unacked batches; they are sent on the next start');
    }
    await this.#conn?.stop();
    await this.#acc?.stop();
    await this.#saveState(false);
    await this.#outbox?.close();
    log.info('agent stopped');
  }
}
