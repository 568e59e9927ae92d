import type { AgentRecord } from '../../protocol/records.js';
import { attributeIncident, severityOf, type FaultSpan } from './attribution.js';
import type { MaintenanceWindow } from './maintenance.js';
import {
  equipmentMachine,
  linkMachine,
  peripheralMachine,
  saturationMachine,
  sessionMachine,
  type ResumableMachine,
} from './machines.js';
import {
  EQUIPMENT_CATEGORIES,
  offlineGraceMs,
  resolvePolicy,
  type DetectorPolicy,
  type DetectorSettings,
  type EquipmentCategory,
} from './policy.js';
import { addTimes, offlineSpans, trimCoverage, type Coverage } from './presence.js';
import {
  addRounds,
  createRun,
  trimRun,
  viewSpans,
  type Round,
  type SubjectRun,
} from './subject.js';
import type { Attribution, Evidence, IncidentKind, Severity, Span } from './types.js';
import { RESOURCES, type Resource } from './workstation.js';

export interface TimedRecord {
  /** Clock-corrected event time. */
  t: number;
  record: AgentRecord;
}

/** What a subject is about; an incident carries it. */
export interface SubjectMeta {
  wardId: string;
  stationId?: string;
  target?: string;
  category?: string;
  resource?: Resource;
}

/** An incident as the detector knows it; `key` (subject|kind|startedAt) is its identity. */
export interface DetectedIncident extends SubjectMeta {
  key: string;
  subject: string;
  kind: IncidentKind;
  startedAt: number;
  endedAt: number | null;
  detail: Evidence;
  attribution: Attribution;
  evidence: Evidence;
  severity: Severity;
}

export type IncidentChange =
  { type: 'upsert'; incident: DetectedIncident } | { type: 'remove'; incident: DetectedIncident };

/** Targets as the detector needs them: intervals (offline grace) and which ward has which. */
export interface DetectorTarget {
  id: string;
  intervalMs: number;
  wardId?: string;
}

const DEVICE_CATEGORIES = ['fingerprint', 'scanner', 'card_reader'] as const;
/** Closed incidents this much older than the newest event time are dropped from memory. */
const MEMORY_RETENTION_MS = 24 * 3_600_000;
/** The interval assumed for a ward without targets: the agents' sys/peripherals cadence. */
const DEFAULT_INTERVAL_MS = 60_000;

class Holder<S, R extends Round> {
  readonly run: SubjectRun<S, R>;
  readonly machine: ResumableMachine<S, R>;
  constructor(machine: ResumableMachine<S, R>, resumeFrom: readonly Span[] = []) {
    this.machine = machine;
    this.run =
      resumeFrom.length > 0
        ? createRun<S, R>(machine.resume(resumeFrom), resumeFrom)
        : createRun<S, R>(machine.initial);
  }
  add(rounds: readonly R[], policy: DetectorPolicy): void {
    addRounds(this.run, this.machine, rounds, policy);
  }
  spans(watermark: number | null, policy: DetectorPolicy): readonly Span[] {
    return viewSpans(this.run, this.machine, watermark, policy);
  }
}

interface SubjectEntry {
  meta: SubjectMeta;
  holder: Holder<unknown, Round>;
  policyKey: string;
}

interface PresenceEntry {
  meta: SubjectMeta;
  coverage: Coverage;
  /** Server time of the last contact of a connection that dropped (until records or a reconnect). */
  droppedAt?: number;
}

const keyOf = (subject: string, kind: IncidentKind, startedAt: number) =>
  `${subject}|${kind}|${startedAt}`;
const sameSpan = (a: Span, b: Span) =>
  a.endedAt === b.endedAt && JSON.stringify(a.detail) === JSON.stringify(b.detail);

/**
 * All subjects of a city in memory: feeds records to the pure machines, keeps the incident
 * table they imply, attributes incidents across wards and reports what changed. No I/O and
 * no clock: `now` is passed in (null = event time only, as in replays and tests).
 */
export class DetectorEngine {
  private settings: DetectorSettings = {};
  private windows: readonly MaintenanceWindow[] = [];
  private targets: readonly DetectorTarget[] = [];
  /** Resolved policies by ward, then target ('' for none). */
  private readonly policies = new Map<string, Map<string, DetectorPolicy>>();
  private readonly subjects = new Map<string, SubjectEntry>();
  private readonly presence = new Map<string, PresenceEntry>();
  private readonly table = new Map<string, DetectedIncident>();
  /** Incident keys by `kind|target` and link_down keys by ward, for attribution. */
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly linkDownByWard = new Map<string, Set<string>>();
  private readonly byWard = new Map<string, Set<string>>();
  /** Attribution inputs that changed since the last settle. */
  private readonly dirtyKeys = new Set<string>();
  /** Groups (`kind|target`) and wards with changes, and the earliest event time they touch. */
  private readonly dirtyGroups = new Map<string, number>();
  private readonly dirtyWards = new Map<string, number>();
  private newestT = 0;
  private ingests = 0;
  lateDropped = 0;

  constructor(
    opts: {
      settings?: DetectorSettings;
      windows?: readonly MaintenanceWindow[];
      targets?: readonly DetectorTarget[];
    } = {},
  ) {
    if (opts.settings) this.setSettings(opts.settings);
    if (opts.windows) this.windows = opts.windows;
    if (opts.targets) this.targets = opts.targets;
  }

  /** New thresholds apply to rounds processed from now on. */
  setSettings(settings: DetectorSettings): void {
    this.settings = settings;
    this.policies.clear();
  }

  /**
   * A target that left the list (deleted) is no longer probed, so nothing would ever close
   * its open incidents: they end at its last round, and its subjects are dropped.
   */
  setTargets(targets: readonly DetectorTarget[]): IncidentChange[] {
    const kept = new Set(targets.map((t) => t.id));
    const gone = new Set(this.targets.filter((t) => !kept.has(t.id)).map((t) => t.id));
    this.targets = targets;
    if (gone.size === 0) return [];
    const lastRound = new Map<string, number>();
    for (const [id, entry] of this.subjects) {
      if (entry.meta.target === undefined || !gone.has(entry.meta.target)) continue;
      const last = entry.holder.run.rounds.at(-1)?.t;
      if (last !== undefined) lastRound.set(id, last);
      this.subjects.delete(id);
    }
    const out: IncidentChange[] = [];
    for (const inc of this.table.values()) {
      if (inc.endedAt !== null || inc.target === undefined || !gone.has(inc.target)) continue;
      const ended = { ...inc, endedAt: Math.max(inc.startedAt, lastRound.get(inc.subject) ?? 0) };
      this.table.set(inc.key, ended);
      out.push({ type: 'upsert', incident: ended });
    }
    return out;
  }

  /** Maintenance windows; re-attributes incidents in memory. */
  setWindows(windows: readonly MaintenanceWindow[]): IncidentChange[] {
    this.windows = windows;
    for (const k of this.table.keys()) this.dirtyKeys.add(k);
    return this.settle();
  }

  policy(wardId: string, target?: string): DetectorPolicy {
    let byTarget = this.policies.get(wardId);
    if (!byTarget) this.policies.set(wardId, (byTarget = new Map()));
    let p = byTarget.get(target ?? '');
    if (!p) {
      p = resolvePolicy(this.settings, wardId, target);
      byTarget.set(target ?? '', p);
    }
    return p;
  }

  /** Incidents held in memory (open ones and recently closed). */
  incidents(): DetectedIncident[] {
    return [...this.table.values()];
  }

  /** Continue incidents that were open when the server stopped (from the store). */
  resume(open: readonly DetectedIncident[]): void {
    const bySubject = new Map<string, DetectedIncident[]>();
    for (const inc of open) {
      this.index(inc);
      this.table.set(inc.key, inc);
      const list = bySubject.get(inc.subject) ?? [];
      list.push(inc);
      bySubject.set(inc.subject, list);
    }
    for (const [subject, incs] of bySubject) {
      const meta = incs[0] as DetectedIncident;
      const spans: Span[] = incs.map((i) => ({
        kind: i.kind,
        startedAt: i.startedAt,
        endedAt: null,
        detail: i.detail,
      }));
      const m: SubjectMeta = {
        wardId: meta.wardId,
        stationId: meta.stationId,
        target: meta.target,
        category: meta.category,
        resource: meta.resource,
      };
      if (subject.startsWith('station:')) {
        const lastContact =
          typeof meta.detail.lastContactAt === 'number'
            ? meta.detail.lastContactAt
            : meta.startedAt;
        this.seedPresence(
          meta.stationId ?? subject.slice('station:'.length),
          meta.wardId,
          lastContact,
        );
        continue;
      }
      const machine = machineFor(subject);
      if (machine)
        this.subjects.set(subject, {
          meta: m,
          holder: new Holder(machine, spans) as Holder<unknown, Round>,
          policyKey: '',
        });
    }
  }

  /**
   * After a restart: the station was last heard from at `lastContactAt`, so a silence that
   * began while the server was down still becomes `station_offline` (at the next tick).
   */
  seedPresence(stationId: string, wardId: string, lastContactAt: number): void {
    const id = `station:${stationId}`;
    const p = this.presence.get(id);
    const grace = offlineGraceMs(this.policy(wardId), this.intervalOf(wardId));
    const coverage = addTimes(p?.coverage ?? [], [lastContactAt], grace);
    this.presence.set(id, { meta: p?.meta ?? { wardId, stationId }, coverage });
  }

  /**
   * Live: the station's connection dropped (closed, or terminated as dead) with its last
   * contact at server time `lastContactAt`. Its offline grace becomes the short
   * `offline.droppedGraceMs` from that contact until records or a reconnect arrive.
   */
  stationDisconnected(stationId: string, wardId: string, lastContactAt: number): void {
    const id = `station:${stationId}`;
    const p = this.presence.get(id) ?? { meta: { wardId, stationId }, coverage: [] };
    p.droppedAt = lastContactAt;
    this.presence.set(id, p);
  }

  /** Live: the station connected again; the ordinary grace applies (see `stationDisconnected`). */
  stationConnected(stationId: string): void {
    const p = this.presence.get(`station:${stationId}`);
    if (p) delete p.droppedAt;
  }

  private intervalOf(wardId: string): number {
    let min = Number.POSITIVE_INFINITY;
    for (const t of this.targets)
      if (!t.wardId || t.wardId === wardId) min = Math.min(min, t.intervalMs);
    return Number.isFinite(min) ? min : DEFAULT_INTERVAL_MS;
  }

  private wardTargets(wardId: string, policy: DetectorPolicy): string[] {
    return this.targets
      .filter(
        (t) =>
          (!t.wardId || t.wardId === wardId) && !policy.attribution.gatewayTargets.includes(t.id),
      )
      .map((t) => t.id);
  }

  /** Feed one committed batch of a station (records in any order). */
  ingest(
    stationId: string,
    wardId: string,
    records: readonly TimedRecord[],
    now: number | null = null,
  ): IncidentChange[] {
    if (records.length === 0) return [];
    const changed = new Map<string, IncidentChange>();
    const grouped = new Map<
      string,
      { meta: SubjectMeta; machine: ResumableMachine<unknown, Round>; rounds: Round[] }
    >();
    const group = <S, R extends Round>(
      id: string,
      meta: SubjectMeta,
      machine: ResumableMachine<S, R>,
      round: R,
    ) => {
      let g = grouped.get(id);
      if (!g) {
        g = { meta, machine: machine as unknown as ResumableMachine<unknown, Round>, rounds: [] };
        grouped.set(id, g);
      }
      g.rounds.push(round);
    };
    const times: number[] = [];
    const wardPolicy = this.policy(wardId);
    for (const { t, record: r } of records) {
      times.push(t);
      if (t > this.newestT) this.newestT = t;
      switch (r.kind) {
        case 'probe':
          group(
            `link:${stationId}:${r.target}`,
            { wardId, stationId, target: r.target },
            linkMachine,
            {
              t,
              ok: r.ok,
              ...(r.lossPct !== undefined && { lossPct: r.lossPct }),
              ...(r.rttMs !== undefined && { rttAvgMs: r.rttMs.avg }),
            },
          );
          break;
        case 'sys': {
          const usage: Record<Resource, number> = {
            cpu: r.cpuPct,
            mem: r.memTotalBytes > 0 ? (100 * r.memUsedBytes) / r.memTotalBytes : 0,
            disk: Math.max(
              0,
              ...r.disks.map((d) => (d.sizeBytes > 0 ? (100 * d.usedBytes) / d.sizeBytes : 0)),
            ),
          };
          for (const resource of RESOURCES) {
            group(
              `sat:${stationId}:${resource}`,
              { wardId, stationId, resource },
              saturationMachine,
              {
                t,
                pct: usage[resource],
                resource,
              },
            );
          }
          break;
        }
        case 'peripherals': {
          for (const category of DEVICE_CATEGORIES) {
            const count = r.devices.filter((d) => d.category === category).length;
            group(
              `periph:${stationId}:${category}`,
              { wardId, stationId, category },
              peripheralMachine,
              { t, count, category },
            );
          }
          for (const category of EQUIPMENT_CATEGORIES) {
            const count =
              category === 'workstation'
                ? 1
                : r.devices.filter((d) => d.category === category).length;
            group(`equip:${wardId}:${category}`, { wardId, category }, equipmentMachine, {
              t,
              count,
              stationId,
              category: category as EquipmentCategory,
            });
          }
          break;
        }
        case 'session': {
          const dropAt = t + (r.endedAt - r.at);
          const target = r.session === 'server' ? 'server' : (r.target ?? 'service');
          group(`session:${stationId}:${target}`, { wardId, stationId, target }, sessionMachine, {
            t: dropAt,
            reconnectMs: Math.round(r.reconnectMs ?? 0),
          });
          break;
        }
        case 'iface':
        case 'event':
          break;
        default: {
          const never: never = r;
          throw new Error(`unknown record ${JSON.stringify(never)}`);
        }
      }
    }

    // Presence first: session subjects close against the station's newest event time.
    const stationKey = `station:${stationId}`;
    this.updatePresence(stationKey, { wardId, stationId }, times, now, wardPolicy, changed);
    const watermark = this.presence.get(stationKey)?.coverage.at(-1)?.[1] ?? null;

    for (const [id, g] of grouped) {
      let entry = this.subjects.get(id);
      if (!entry) {
        entry = { meta: g.meta, holder: new Holder(g.machine), policyKey: '' };
        this.subjects.set(id, entry);
      }
      const policy = this.policy(wardId, g.meta.target);
      const before = entry.holder.spans(watermark, policy);
      const lateBefore = entry.holder.run.lateDropped;
      entry.holder.add(g.rounds, policy);
      this.lateDropped += entry.holder.run.lateDropped - lateBefore;
      const after = entry.holder.spans(watermark, policy);
      if (after !== before)
        this.diff(id, entry.meta, before, after, entry.holder.run.settledBefore, changed);
      trimRun(entry.holder.run, policy);
    }

    this.finishChanges(changed);
    if (++this.ingests % 1000 === 0) this.forget();
    return [...changed.values()];
  }

  /** Live view at server time `now`: opens `station_offline` for silent stations. */
  tick(now: number): IncidentChange[] {
    const changed = new Map<string, IncidentChange>();
    for (const [id, p] of this.presence) {
      this.updatePresence(id, p.meta, [], now, this.policy(p.meta.wardId), changed);
    }
    this.finishChanges(changed);
    for (const ch of this.settle()) changed.set(ch.incident.key, ch);
    return [...changed.values()];
  }

  /**
   * Re-attribute every incident whose cross-ward inputs changed since the last settle (the
   * shell calls it on each tick). Between settles an incident carries the attribution it got
   * when it changed; after a settle the table no longer depends on arrival order.
   */
  settle(): IncidentChange[] {
    // Only incidents still in effect near a change can see it (attribution looks at overlap
    // and at faults within the coincidence window).
    const margin = 2 * this.policy('').attribution.coincidenceMs;
    const keys = new Set(this.dirtyKeys);
    const groups = new Map(this.dirtyGroups);
    for (const [w, from] of this.dirtyWards) {
      for (const k of this.byWard.get(w) ?? []) {
        const inc = this.table.get(k);
        if (!inc || (inc.endedAt ?? Infinity) < from - margin) continue;
        keys.add(k);
        if (inc.target !== undefined) widen(groups, `${inc.kind}|${inc.target}`, rangeStart(inc));
      }
    }
    for (const [g, from] of groups) {
      for (const k of this.byTarget.get(g) ?? []) {
        const inc = this.table.get(k);
        if (inc && (inc.endedAt ?? Infinity) >= from - margin) keys.add(k);
      }
    }
    this.dirtyKeys.clear();
    this.dirtyGroups.clear();
    this.dirtyWards.clear();
    return this.attribute(keys);
  }

  private updatePresence(
    id: string,
    meta: SubjectMeta,
    times: readonly number[],
    now: number | null,
    policy: DetectorPolicy,
    changed: Map<string, IncidentChange>,
  ): void {
    let p = this.presence.get(id);
    if (!p) {
      p = { meta, coverage: [] };
      this.presence.set(id, p);
    }
    const interval = this.intervalOf(meta.wardId);
    const grace = offlineGraceMs(policy, interval);
    const droppedGrace = policy.offline.droppedGraceMs;
    const dropped =
      p.droppedAt !== undefined && droppedGrace !== undefined
        ? { contactAt: p.droppedAt, graceMs: Math.min(droppedGrace, grace) }
        : null;
    const before = offlineSpans(p.coverage, interval, grace, now, dropped);
    // Records prove the station (or its outbox) is back: the ordinary grace decides again.
    if (times.length > 0) delete p.droppedAt;
    if (times.length > 0) {
      p.coverage = trimCoverage(
        addTimes(p.coverage, times, grace),
        this.newestT - MEMORY_RETENTION_MS,
      );
    }
    const after = offlineSpans(
      p.coverage,
      interval,
      grace,
      now,
      p.droppedAt === undefined ? null : dropped,
    );
    // Gaps before the first kept interval were trimmed: forgotten, not retracted.
    this.diff(id, meta, before, after, (p.coverage[0]?.[0] ?? 0) + 1, changed);
  }

  private diff(
    subject: string,
    meta: SubjectMeta,
    before: readonly Span[],
    after: readonly Span[],
    settledBefore: number,
    changed: Map<string, IncidentChange>,
  ): void {
    const old = new Map(before.map((s) => [keyOf(subject, s.kind, s.startedAt), s]));
    for (const s of after) {
      const key = keyOf(subject, s.kind, s.startedAt);
      const prev = old.get(key);
      old.delete(key);
      const known = this.table.get(key);
      if (prev && sameSpan(prev, s) && known) continue;
      const inc: DetectedIncident = {
        ...meta,
        key,
        subject,
        kind: s.kind,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        detail: s.detail,
        attribution: known?.attribution ?? 'unknown',
        evidence: known?.evidence ?? {},
        severity: known?.severity ?? severityOf(s.kind, 'unknown'),
      };
      for (const k of Object.keys(inc) as (keyof DetectedIncident)[])
        if (inc[k] === undefined) delete inc[k];
      this.table.set(key, inc);
      this.index(inc);
      changed.set(key, { type: 'upsert', incident: inc });
    }
    for (const [key, s] of old) {
      // Closed before the subject's retained history: forgotten, not retracted.
      if (s.endedAt !== null && s.endedAt < settledBefore) continue;
      const inc = this.table.get(key);
      if (!inc) continue;
      this.table.delete(key);
      this.unindex(inc);
      changed.set(key, { type: 'remove', incident: inc });
    }
  }

  private index(inc: DetectedIncident): void {
    let ward = this.byWard.get(inc.wardId);
    if (!ward) this.byWard.set(inc.wardId, (ward = new Set()));
    ward.add(inc.key);
    if (inc.target !== undefined) {
      const k = `${inc.kind}|${inc.target}`;
      let set = this.byTarget.get(k);
      if (!set) this.byTarget.set(k, (set = new Set()));
      set.add(inc.key);
    }
    if (inc.kind === 'link_down') {
      let set = this.linkDownByWard.get(inc.wardId);
      if (!set) this.linkDownByWard.set(inc.wardId, (set = new Set()));
      set.add(inc.key);
    }
  }

  private unindex(inc: DetectedIncident): void {
    this.byWard.get(inc.wardId)?.delete(inc.key);
    if (inc.target !== undefined) this.byTarget.get(`${inc.kind}|${inc.target}`)?.delete(inc.key);
    if (inc.kind === 'link_down') this.linkDownByWard.get(inc.wardId)?.delete(inc.key);
  }

  private spansOfKeys(keys: Iterable<string> | undefined): DetectedIncident[] {
    const out: DetectedIncident[] = [];
    if (!keys) return out;
    for (const k of keys) {
      const inc = this.table.get(k);
      if (inc) out.push(inc);
    }
    return out;
  }

  /** Attribute what changed now; mark what depends on it for the next settle. */
  private finishChanges(changed: Map<string, IncidentChange>): void {
    if (changed.size === 0) return;
    const now = new Set<string>();
    for (const [key, ch] of changed) {
      const inc = ch.incident;
      if (ch.type === 'upsert') now.add(key);
      this.dirtyKeys.add(key);
      const from = rangeStart(inc);
      if (inc.target !== undefined) widen(this.dirtyGroups, `${inc.kind}|${inc.target}`, from);
      // A ward's link faults decide its other incidents (gateway, all targets) and its peers' counts.
      if (inc.kind === 'link_down') widen(this.dirtyWards, inc.wardId, from);
    }
    for (const ch of this.attribute(now)) changed.set(ch.incident.key, ch);
  }

  private attribute(keys: Set<string>): IncidentChange[] {
    const out: IncidentChange[] = [];
    // Per call: each group's and ward's spans are gathered once.
    const groups = new Map<string, DetectedIncident[]>();
    const wardFaults = new Map<string, DetectedIncident[]>();
    const gatewayFaults = new Map<string, DetectedIncident[]>();
    const faultsOf = (wardId: string) => {
      let list = wardFaults.get(wardId);
      if (!list) wardFaults.set(wardId, (list = this.spansOfKeys(this.linkDownByWard.get(wardId))));
      return list;
    };
    for (const key of keys) {
      const inc = this.table.get(key);
      if (!inc) continue;
      const policy = this.policy(inc.wardId, inc.target);
      const gateways = policy.attribution.gatewayTargets;
      let sameTarget: DetectedIncident[] = [];
      if (inc.target !== undefined) {
        const g = `${inc.kind}|${inc.target}`;
        const cached = groups.get(g);
        if (cached) sameTarget = cached;
        else groups.set(g, (sameTarget = this.spansOfKeys(this.byTarget.get(g))));
      }
      const result = attributeIncident({
        incident: inc as FaultSpan,
        sameTarget,
        gatewayFaults: (wardId) => {
          let list = gatewayFaults.get(wardId);
          if (!list) {
            list = faultsOf(wardId).filter(
              (f) => f.target !== undefined && gateways.includes(f.target),
            );
            gatewayFaults.set(wardId, list);
          }
          return list;
        },
        wardLinkFaults: faultsOf(inc.wardId),
        wardTargets: this.wardTargets(inc.wardId, policy),
        windows: this.windows,
        policy: policy.attribution,
      });
      const severity = severityOf(inc.kind, result.attribution);
      if (
        result.attribution === inc.attribution &&
        severity === inc.severity &&
        JSON.stringify(result.evidence) === JSON.stringify(inc.evidence)
      ) {
        continue;
      }
      const next: DetectedIncident = {
        ...inc,
        attribution: result.attribution,
        evidence: result.evidence,
        severity,
      };
      this.table.set(key, next);
      out.push({ type: 'upsert', incident: next });
    }
    return out;
  }

  /** Drop long-closed incidents from memory (they stay in the store). */
  private forget(): void {
    const horizon = this.newestT - MEMORY_RETENTION_MS;
    for (const [key, inc] of this.table) {
      if (inc.endedAt !== null && inc.endedAt < horizon) {
        this.table.delete(key);
        this.unindex(inc);
      }
    }
  }
}

/** Where an incident's attribution looks back to: an offline one, to its last contact. */
function rangeStart(inc: DetectedIncident): number {
  const last = inc.kind === 'station_offline' ? inc.detail.lastContactAt : undefined;
  return typeof last === 'number' ? Math.min(last, inc.startedAt) : inc.startedAt;
}

function widen(m: Map<string, number>, key: string, from: number): void {
  const prev = m.get(key);
  if (prev === undefined || from < prev) m.set(key, from);
}

function machineFor(subject: string): ResumableMachine<unknown, Round> | null {
  const kind = subject.slice(0, subject.indexOf(':'));
  const m =
    kind === 'link'
      ? linkMachine
      : kind === 'session'
        ? sessionMachine
        : kind === 'sat'
          ? saturationMachine
          : kind === 'periph'
            ? peripheralMachine
            : kind === 'equip'
              ? equipmentMachine
              : null;
  return m as unknown as ResumableMachine<unknown, Round> | null;
}
