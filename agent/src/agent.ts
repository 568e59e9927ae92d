import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  AgentConfig as ServerConfig,
  AgentRecord,
  Device,
  EquipmentRequirement,
  Hello,
  IfaceRecord,
  ProbeRecord,
  SysRecord,
  Target,
} from '@wardwatch/shared';
import { ClockWatch } from './clock.js';
import { CronJob } from './cron-job.js';
import { IfaceWatcher } from './collectors/iface.js';
import { collectInventoryInChild } from './collectors/inventory-child.js';
import { PeripheralCollector } from './collectors/peripherals.js';
import { ShellHost, powershellHostOptions } from './collectors/shell-host.js';
import { SysCollector } from './collectors/sys.js';
import { SessionManager } from './sessions/manager.js';
import { cacheServerConfig, type AgentConfig } from './config.js';
import type { Logger } from './log.js';
import { Accumulator } from './outbox/accumulator.js';
import { BacklogReport } from './outbox/backlog-report.js';
import { DiskOutbox } from './outbox/disk.js';
import { findPing, strategyFor } from './probes/index.js';
import { peripheralRequirement } from './required.js';
import { Scheduler } from './scheduler.js';
import {
  addTiming,
  countDrop,
  readState,
  writeState,
  type AgentState,
  type SessionDrops,
  type Timing,
} from './state.js';
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
  #backlog = new BacklogReport();
  #acc: Accumulator | null = null;
  #sys: SysCollector | null = null;
  #scheduler: Scheduler | null = null;
  #conn: AgentConnection | null = null;
  #stateTimer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #targets: Target[] = [];
  /** The ward's requirement from the server (cached in agent.json); undefined: never got one. */
  #equipment: EquipmentRequirement | undefined;
  #sysIntervalMs: number;
  #lastResults: Record<string, ProbeRecord> = {};
  #lastSys: SysRecord | null = null;
  #stopped = false;
  #clock: ClockWatch | null = null;
  #iface: IfaceWatcher | null = null;
  #peripherals: PeripheralCollector | null = null;
  #shell: ShellHost | null = null;
  #sessions: SessionManager | null = null;
  #cronJobs: CronJob[] = [];
  #tlsCa: string[] | undefined;
  #drops: SessionDrops | undefined;
  #lastIface: IfaceRecord | null = null;
  #lastDevices: { at: number; devices: Device[] } | null = null;
  #clockJumps = 0;
  #timings: Record<string, Timing> = {};

  constructor(options: AgentOptions) {
    this.#opts = options;
    this.#sysIntervalMs = options.config.sysIntervalMs;
    this.#equipment = options.config.equipment;
  }

  async start(): Promise<void> {
    const { config, log } = this.#opts;
    this.#startedAt = Date.now();
    await mkdir(config.dataDir, { recursive: true });
    const previous = await readState(config.dataDir);
    if (previous) {
      this.#lastResults = previous.lastResults ?? {};
      this.#lastSys = previous.lastSys ?? null;
      this.#drops = previous.sessionDrops;
      this.#lastDevices = previous.peripherals ?? null;
      this.#clockJumps = previous.clockJumps ?? 0;
    }
    if (config.probeCaFile) {
      try {
        this.#tlsCa = [await readFile(config.probeCaFile, 'utf8')];
      } catch (err) {
        log.warn('cannot read probeCaFile; probes use the system CAs', { err: String(err) });
      }
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

    this.#clock = new ClockWatch({
      emit: (e) => {
        this.#clockJumps += 1;
        log.warn('wall clock jumped', { detail: e.detail });
        this.#add(e);
      },
    });
    this.#clock.start();

    this.#startSys();
    this.#startIface();
    this.#startPeripherals();

    this.#targets = config.targets ?? [];
    const emitProbe = (record: ProbeRecord) => {
      this.#lastResults[record.target] = record;
      this.#add(record);
    };
    this.#scheduler = new Scheduler({
      strategyFor: (t) => {
        const strategy = strategyFor(t.probe);
        return (target, deps) => {
          const run = strategy(target, deps);
          return { run: (signal) => this.#timed(`probe:${t.probe}`, () => run.run(signal)) };
        };
      },
      deps: { findPing: () => findPing(), ...(this.#tlsCa && { tlsCa: this.#tlsCa }) },
      emit: emitProbe,
      log,
    });
    this.#scheduler.start(this.#roundTargets());
    this.#sessions = new SessionManager({
      emitProbe,
      emitSession: (record) => this.#addSession(record),
      tlsCa: this.#tlsCa,
      log,
    });
    this.#sessions.start(this.#targets);

    const serverCa = config.serverCaFile ? await readFile(config.serverCaFile, 'utf8') : null;
    this.#conn = createAgentConnection({
      url: agentSocketUrl(config.server),
      credential: config.credential,
      hello: () => this.#hello(),
      outbox,
      onWelcome: (cfg) => this.#applyConfig(cfg),
      onSession: (record) => this.#addSession(record),
      heartbeatMs: config.heartbeatMs,
      log,
      // wss verifies the certificate by default; a pinned CA replaces the system store.
      ...(serverCa && { wsOptions: { ca: serverCa, rejectUnauthorized: true } }),
    });
    this.#conn.start();

    this.#stateTimer = setInterval(() => {
      void this.#saveState(true);
      const backlog = this.#backlog.observe(outbox.size(), Date.now());
      if (backlog) this.#add(backlog);
    }, this.#opts.stateIntervalMs ?? 2000);
    this.#stateTimer.unref();
    await this.#saveState(true);

    this.#inventory();
    // Calendar jobs (local time); timers unref'd so they never hold the process.
    this.#cronJobs = [
      new CronJob(config.inventoryCron, () => this.#inventory(), {
        name: 'inventory',
        log,
        maxRandomDelayMs: 600_000,
      }),
      new CronJob(
        config.compactCron,
        async () => {
          const bytes = await outbox.compact();
          log.info('outbox compacted', { bytes });
        },
        { name: 'outbox-compact', log },
      ),
    ];
    for (const job of this.#cronJobs) job.start();
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

  #addSession(record: AgentRecord & { kind: 'session' }): void {
    this.#drops = countDrop(this.#drops, record);
    this.#add(record);
  }

  /** Wall time per collector/probe kind, kept in state.json (what costs most). */
  async #timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      addTiming(this.#timings, name, performance.now() - t0);
    }
  }

  #roundTargets(): Target[] {
    return this.#targets.filter((t) => t.probe !== 'session');
  }

  #inventory(): void {
    const { log } = this.#opts;
    void this.#timed('inventory', () => collectInventoryInChild(Date.now())).then(
      (record) => this.#add(record),
      (err: unknown) => log.warn('inventory failed', { err: String(err) }),
    );
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
      measure: (ms) => addTiming(this.#timings, 'sys', ms),
    });
    this.#sys.start();
  }

  #startIface(): void {
    const { config, log } = this.#opts;
    this.#iface = new IfaceWatcher({
      intervalMs: config.ifaceIntervalMs,
      fullEveryMs: config.ifaceFullEveryMs,
      tunnelInterface: config.tunnelInterface,
      emit: (record, change) => {
        this.#lastIface = record;
        if (change) log.info('network interfaces changed', { ...change });
        this.#add(record);
      },
      measure: (ms) => addTiming(this.#timings, 'iface', ms),
      log,
    });
    this.#iface.start();
  }

  #startPeripherals(): void {
    const { config, log } = this.#opts;
    if (process.platform === 'win32') this.#shell = new ShellHost(powershellHostOptions(log));
    this.#peripherals = new PeripheralCollector({
      intervalMs: config.peripheralsIntervalMs,
      fullEveryMs: config.peripheralsFullEveryMs,
      sysfsRoot: config.sysfsRoot,
      // Hot-plug events only for the real tree; a fixture sysfs (tests, sim) is polled.
      hotplugRoot: config.sysfsRoot === '/sys' ? '/dev/bus/usb' : null,
      catalog: config.peripheralCatalog,
      shell: this.#shell,
      emit: (record) => this.#add(record),
      onSample: (record) => (this.#lastDevices = { at: record.at, devices: record.devices }),
      measure: (ms) => addTiming(this.#timings, 'peripherals', ms),
      log,
    });
    this.#peripherals.start();
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
    // A welcome without `equipment` (an older server) keeps the requirement last received.
    const equipment = cfg.equipment ?? this.#equipment;
    const targetsChanged = JSON.stringify(cfg.targets) !== JSON.stringify(this.#targets);
    const equipmentChanged = JSON.stringify(equipment) !== JSON.stringify(this.#equipment);
    if (targetsChanged || equipmentChanged) {
      // Cached so a restart while the server is unreachable still probes and shows it.
      cacheServerConfig(config.path, { targets: cfg.targets, equipment }).catch((err: unknown) =>
        log.warn('could not cache the server config', { err: String(err) }),
      );
    }
    if (equipmentChanged) {
      this.#equipment = equipment;
      log.info('equipment requirement applied', { ...equipment });
      void this.#saveState(true);
    }
    if (targetsChanged) {
      this.#targets = cfg.targets;
      this.#scheduler?.setTargets(this.#roundTargets());
      this.#sessions?.setTargets(cfg.targets);
      this.#add({
        kind: 'event',
        at: Date.now(),
        name: 'config_applied',
        detail: JSON.stringify({ targets: cfg.targets.map((t) => t.id) }),
      });
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
    const required = peripheralRequirement(this.#equipment, config.requiredPeripherals);
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
      sessionDrops: this.#drops,
      peripherals: this.#lastDevices,
      requiredPeripherals: required.categories,
      requiredCounts: required.counts,
      requiredSource: required.source,
      iface: this.#lastIface ?? this.#iface?.current() ?? null,
      clockJumps: this.#clockJumps,
      timings: this.#timings,
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
    for (const job of this.#cronJobs) job.stop();
    this.#cronJobs = [];
    this.#scheduler?.stop();
    this.#sessions?.stop();
    this.#sys?.stop();
    this.#iface?.stop();
    this.#peripherals?.stop();
    this.#shell?.stop();
    this.#clock?.stop();
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
