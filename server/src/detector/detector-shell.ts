import {
  DetectorEngine,
  compileValidator,
  DetectorSettingsSchema,
  type DetectedIncident,
  type DetectorSettings,
  type IncidentChange,
  type TimedRecord,
} from '@wardwatch/shared';
import type { CommittedBatch, Clock, Logger } from '../services/context.js';
import type { AppliedChange } from '../store/detector-store.js';
import type { IncidentRow } from '../store/detector-store.js';
import type { Store } from '../store/store.js';

export const DETECTOR_SETTINGS_KEY = 'detector';
const settingsValidator = compileValidator(DetectorSettingsSchema);

/** Stored thresholds, or none when missing or no longer valid. */
export async function loadDetectorSettings(store: Store): Promise<DetectorSettings> {
  const value = await store.getSetting(DETECTOR_SETTINGS_KEY);
  return settingsValidator.check(value) ? value : {};
}

export interface DetectorShellOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** How often silent stations are checked against server time. */
  tickMs: number;
  onChanges(applied: AppliedChange[]): void;
}

const toDetected = (row: IncidentRow): DetectedIncident => {
  const inc: DetectedIncident = {
    key: `${row.subject}|${row.kind}|${row.startedAt}`,
    subject: row.subject,
    kind: row.kind,
    wardId: row.wardId,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    detail: row.detail,
    attribution: row.attribution,
    evidence: row.evidence,
    severity: row.severity,
  };
  if (row.stationId !== undefined) inc.stationId = row.stationId;
  if (row.target !== undefined) inc.target = row.target;
  if (row.category !== undefined) inc.category = row.category;
  if (row.resource === 'cpu' || row.resource === 'mem' || row.resource === 'disk')
    inc.resource = row.resource;
  return inc;
};

/**
 * The I/O shell around the pure engine: takes committed batches off the ingest path (after
 * the ack, on the next turn of the event loop), feeds the engine, writes the incidents it
 * reports in one transaction, and hands the applied changes on (console push, notifications).
 * A detection failure is logged and never reaches the agent connection.
 *
 * The engine runs synchronously and is always current; its store I/O (config reloads, incident
 * writes) runs one at a time, in the order the engine produced it, so a later change to an
 * incident is never overwritten by an earlier one that reached the store late.
 */
export class DetectorShell {
  private readonly opts: DetectorShellOptions;
  readonly engine = new DetectorEngine();
  private pending: CommittedBatch[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The detector's store I/O, one after another. */
  private io: Promise<void> = Promise.resolve();
  /** Records fed to the engine (for metrics and the bench). */
  recordsSeen = 0;

  constructor(opts: DetectorShellOptions) {
    this.opts = opts;
  }

  async start(): Promise<void> {
    const { store, clock } = this.opts;
    await this.loadConfig();
    this.engine.resume((await store.listOpenIncidents()).map(toDetected));
    for (const s of await store.listStations()) {
      if (s.lastSeenAt !== null) this.engine.seedPresence(s.id, s.wardId, s.lastSeenAt);
    }
    this.persist(this.engine.tick(clock.now()));
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref();
  }

  /** Detects what is queued and waits for every incident write. */
  async stop(): Promise<void> {
    if (this.stopped) return this.io;
    this.drain();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.io;
  }

  /** Re-read thresholds, targets and maintenance windows (after an edit); failures are logged. */
  reloadConfig(): void {
    this.serially(() => this.loadConfig(), 'reloading detector settings failed');
  }

  /** Resolves once the detector's queued store I/O is done (tests, shutdown). */
  settled(): Promise<void> {
    return this.io;
  }

  private async loadConfig(): Promise<void> {
    const { store } = this.opts;
    const settings = await loadDetectorSettings(store);
    const targets = await store.listTargets();
    const windows = await store.listMaintenance();
    // Applied together, after every read, so the engine never sees half a reload.
    this.engine.setSettings(settings);
    this.persist(this.engine.setTargets(targets));
    this.persist(this.engine.setWindows(windows));
  }

  private serially(work: () => Promise<void>, failure: string): void {
    this.io = this.io.then(work).catch((err: unknown) => this.opts.log.error({ err }, failure));
  }

  /** A station's connection dropped: a short live grace from its last contact (see engine). */
  stationDisconnected(stationId: string, wardId: string, lastContactAt: number): void {
    if (this.stopped) return;
    this.engine.stationDisconnected(stationId, wardId, lastContactAt);
  }

  stationConnected(stationId: string): void {
    if (this.stopped) return;
    this.engine.stationConnected(stationId);
  }

  enqueue(batch: CommittedBatch): void {
    if (this.stopped) return;
    this.pending.push(batch);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Process every queued batch now (one store transaction for all of them). */
  drain(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batches = this.pending;
    this.pending = [];
    const now = this.opts.clock.now();
    const changes: IncidentChange[] = [];
    for (const b of batches) {
      try {
        // The same correction the store applied to `t` (integer ms, never negative).
        const records: TimedRecord[] = b.records.map((record) => ({
          t: Math.max(0, Math.round(record.at + b.offsetMs)),
          record,
        }));
        this.recordsSeen += records.length;
        changes.push(...this.engine.ingest(b.stationId, b.wardId, records, now));
      } catch (err) {
        this.opts.log.error({ err, stationId: b.stationId }, 'detector failed on a batch');
      }
    }
    this.persist(changes);
  }

  tick(): void {
    if (this.stopped) return;
    this.drain();
    try {
      this.persist(this.engine.tick(this.opts.clock.now()));
    } catch (err) {
      this.opts.log.error({ err }, 'detector tick failed');
    }
  }

  /** Queues the engine's changes for the store, after every write queued before them. */
  private persist(changes: readonly IncidentChange[]): void {
    if (changes.length === 0) return;
    // Several changes to one incident in a drain: the last one holds.
    const last = new Map<string, IncidentChange>();
    for (const c of changes) last.set(c.incident.key, c);
    const upserts: DetectedIncident[] = [];
    const removes: DetectedIncident[] = [];
    for (const c of last.values()) (c.type === 'upsert' ? upserts : removes).push(c.incident);
    const at = this.opts.clock.now();
    this.serially(async () => {
      let applied: AppliedChange[];
      try {
        applied = await this.opts.store.applyIncidentChanges({ upserts, removes, at });
      } catch (err) {
        this.opts.log.error({ err }, 'storing incidents failed');
        return;
      }
      if (applied.length === 0) return;
      try {
        this.opts.onChanges(applied);
      } catch (err) {
        this.opts.log.error({ err }, 'incident effects failed');
      }
    }, 'storing incidents failed');
  }
}
