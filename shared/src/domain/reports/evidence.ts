import type { OfficeCalendar } from '../detector/calendar.js';
import { localDayStart, officeIntervals } from '../detector/calendar.js';
import type { MaintenanceWindow } from '../detector/maintenance.js';
import { windowOccurrences } from '../detector/maintenance.js';
import type { EquipmentCategory } from '../detector/policy.js';
import { EQUIPMENT_CATEGORIES } from '../detector/policy.js';
import type { Attribution, IncidentKind } from '../detector/types.js';
import { ATTRIBUTIONS, INCIDENT_KINDS } from '../detector/types.js';
import { groupBy } from '../group-by.js';
import { histogramQuantile, mergeHistograms, type Histogram } from './histogram.js';
import {
  clip,
  intersect,
  measure,
  normalize,
  subtract,
  union,
  type Interval,
} from './intervals.js';

/** Rollup bucket: office-hour boundaries (07:00, 11:30, 13:30, 17:00) fall on it. */
export const BUCKET_MS = 300_000;
const HOUR_MS = 3_600_000;

export interface ReportIncident {
  kind: IncidentKind;
  wardId: string;
  stationId?: string;
  target?: string;
  resource?: string;
  startedAt: number;
  endedAt: number | null;
  attribution: Attribution;
  /**
   * Down runs this incident carries besides its own span: a flapping `link_degraded` holds
   * back the link_downs of the storm and keeps their times here (null end: still down).
   */
  downSpans?: readonly (readonly [number, number | null])[];
}

export interface TargetSamples {
  rounds: number;
  ok: number;
  hist: Histogram;
}

/** One station's rollups summed over the period (office = inside office hours). */
export interface StationSamples {
  stationId: string;
  /** 5-minute buckets with at least one record (the workstation was on and reporting). */
  onBuckets: { office: number; all: number };
  /** Session drops, by drop time. */
  drops: { office: number; all: number };
  /** Office-hour buckets in which at least one device of the category was connected. */
  connectedBuckets: Partial<Record<EquipmentCategory, number>>;
  targets: Record<string, TargetSamples>;
}

export interface EquipmentNow {
  wardId: string;
  category: EquipmentCategory;
  required: number;
  presentNow: number;
  everSeen: number;
  lastSeenAt: number | null;
}

export interface WardInput {
  id: string;
  name: string;
  targets: readonly string[];
  stations: readonly string[];
}

export interface EvidenceInput {
  from: number;
  to: number;
  /** Open incidents count as down until min(now, to). */
  now: number;
  calendar: OfficeCalendar;
  maintenance: readonly MaintenanceWindow[];
  wards: readonly WardInput[];
  incidents: readonly ReportIncident[];
  samples: readonly StationSamples[];
  equipment: readonly EquipmentNow[];
  /** Incidents of the previous period of the same length, for the trend. */
  previousIncidents?: readonly ReportIncident[];
}

export interface Pair {
  officeHours: number;
  allHours: number;
}

export interface TargetEvidence {
  target: string;
  availability: Pair;
  downtimeMs: Pair;
  plannedDowntimeMs: Pair;
  latencyMs: { p50: number | null; p95: number | null };
  rounds: number;
  okRounds: number;
}

export interface WardEquipment {
  category: EquipmentCategory;
  required: number;
  presentNow: number;
  everSeen: number;
  lastSeenAt: number | null;
  connectedOfficeHoursPct: number;
}

export interface WardEvidence {
  wardId: string;
  name: string;
  availability: Pair;
  downtimeMs: Pair;
  plannedDowntimeMs: Pair;
  maintenanceMs: Pair;
  outages: number;
  longestDowntimeMs: number;
  mttrMs: number | null;
  incidents: {
    total: number;
    byKind: Record<IncidentKind, number>;
    byAttribution: Record<Attribution, number>;
  };
  sessionDrops: { total: number; officeHours: number; perOfficeDay: number };
  workstationOnMs: Pair;
  saturationOfficeHours: { cpu: number; mem: number; disk: number };
  targets: TargetEvidence[];
  equipment: WardEquipment[];
  previous: { downtimeMs: Pair; availability: Pair } | null;
}

export interface CityEvidence {
  wardCount: number;
  officeHoursMs: number;
  officeDays: number;
  availability: Pair;
  downtimeMs: Pair;
  incidents: {
    total: number;
    byKind: Record<IncidentKind, number>;
    byAttribution: Record<Attribution, number>;
  };
  ranking: { rank: number; wardId: string; name: string; downtimeOfficeMs: number }[];
  /** Office-hour downtime split by cause, without double counting (upstream first). */
  causes: {
    upstreamMs: number;
    localMs: number;
    otherMs: number;
    upstreamShare: number | null;
    localShare: number | null;
  };
  previous: {
    from: number;
    to: number;
    availability: Pair;
    downtimeMs: Pair;
  } | null;
  /** Office-hour downtime change vs the previous period, in percent (null: nothing before). */
  downtimeChangePct: number | null;
  shortfall: {
    category: EquipmentCategory;
    wardsShort: number;
    wardsTotal: number;
    wardIds: string[];
  }[];
  saturationOfficeHours: { cpu: number; mem: number; disk: number };
}

export interface EvidenceFigures {
  from: number;
  to: number;
  timeZone: string;
  wards: WardEvidence[];
  city: CityEvidence;
}

const DOWN_KINDS: ReadonlySet<IncidentKind> = new Set(['link_down', 'station_offline']);
const zeroCounts = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const ratio = (num: number, den: number) => (den > 0 ? 1 - num / den : 1);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

interface Period {
  from: number;
  to: number;
  end: (i: ReportIncident) => number;
  office: Interval[];
}

function windowsFor(
  windows: readonly MaintenanceWindow[],
  wardId: string,
  target: string | null,
  p: Period,
): Interval[] {
  return normalize(
    windows
      .filter(
        (w) =>
          (w.wardId === null || w.wardId === wardId) &&
          (w.target === null || (target !== null && w.target === target)),
      )
      .flatMap((w) => windowOccurrences(w, p.from, p.to)),
  );
}

const spans = (list: readonly ReportIncident[], p: Period): Interval[] =>
  clip(normalize(list.map((i) => [i.startedAt, p.end(i)] as const)), p.from, p.to);

/** The down runs the incidents carry (a flapping link's), one still down ending with it. */
const heldSpans = (list: readonly ReportIncident[], p: Period): Interval[] =>
  clip(
    normalize(
      list.flatMap((i) => (i.downSpans ?? []).map(([s, e]) => [s, e ?? p.end(i)] as const)),
    ),
    p.from,
    p.to,
  );

interface Downtime {
  down: Interval[];
  planned: Interval[];
  scheduled: Interval[];
}

/**
 * Down = link_down on the target ∪ the down runs its flapping held back ∪ station_offline of
 * the ward, outside maintenance windows.
 */
function targetDowntime(
  ward: WardInput,
  target: string,
  own: readonly ReportIncident[],
  offline: Interval[],
  input: Pick<EvidenceInput, 'maintenance'>,
  p: Period,
): Downtime {
  const ofTarget = own.filter((i) => i.target === target);
  const raw = union(
    spans(
      ofTarget.filter((i) => i.kind === 'link_down'),
      p,
    ),
    heldSpans(ofTarget, p),
    offline,
  );
  const win = windowsFor(input.maintenance, ward.id, target, p);
  return {
    down: subtract(raw, win),
    planned: intersect(raw, win),
    scheduled: subtract([[p.from, p.to]], win),
  };
}

const pairOf = (set: readonly Interval[], office: readonly Interval[]): Pair => ({
  officeHours: measure(intersect(set, office)),
  allHours: measure(set),
});

function availabilityOf(d: Downtime, office: Interval[]): Pair {
  const down = pairOf(d.down, office);
  const sched = pairOf(d.scheduled, office);
  return {
    officeHours: ratio(down.officeHours, sched.officeHours),
    allHours: ratio(down.allHours, sched.allHours),
  };
}

interface WardDown {
  ward: Downtime;
  targets: Map<string, Downtime>;
}

function wardDowntime(
  ward: WardInput,
  own: readonly ReportIncident[],
  input: Pick<EvidenceInput, 'maintenance'>,
  p: Period,
): WardDown {
  const offline = spans(
    own.filter((i) => i.kind === 'station_offline'),
    p,
  );
  const targetIds = [
    ...new Set([...ward.targets, ...own.flatMap((i) => (i.target ? [i.target] : []))]),
  ].sort();
  const targets = new Map(
    targetIds.map((t) => [t, targetDowntime(ward, t, own, offline, input, p)] as const),
  );
  const wardWin = windowsFor(input.maintenance, ward.id, null, p);
  const all = [...targets.values()];
  return {
    targets,
    ward: {
      down: union(subtract(offline, wardWin), ...all.map((d) => d.down)),
      planned: union(intersect(offline, wardWin), ...all.map((d) => d.planned)),
      scheduled: subtract([[p.from, p.to]], wardWin),
    },
  };
}

function countIncidents(list: readonly ReportIncident[]) {
  const byKind = zeroCounts(INCIDENT_KINDS);
  const byAttribution = zeroCounts(ATTRIBUTIONS);
  for (const i of list) {
    byKind[i.kind]++;
    byAttribution[i.attribution]++;
  }
  return { total: list.length, byKind, byAttribution };
}

function officeDayCount(office: readonly Interval[], cal: OfficeCalendar): number {
  return new Set(office.map(([s]) => localDayStart(cal, s))).size;
}

/** Every figure of the evidence report, from incidents, rollups and the office calendar. */
export function computeEvidence(input: EvidenceInput): EvidenceFigures {
  const { from, to, calendar } = input;
  const endOf = (i: ReportIncident) => i.endedAt ?? Math.max(i.startedAt, Math.min(input.now, to));
  const p: Period = { from, to, end: endOf, office: officeIntervals(calendar, from, to) };
  const officeMs = measure(p.office);
  const officeBuckets = officeMs / BUCKET_MS;
  const officeDays = officeDayCount(p.office, calendar);
  const overlaps = (i: ReportIncident, a: number, b: number) =>
    i.startedAt < b && (i.endedAt === null || i.endedAt > a);

  const byWard = new Map<string, ReportIncident[]>();
  for (const i of input.incidents) {
    if (!overlaps(i, from, to)) continue;
    const list = byWard.get(i.wardId) ?? [];
    list.push(i);
    byWard.set(i.wardId, list);
  }
  const prevLen = to - from;
  const prevPeriod: Period = {
    from: from - prevLen,
    to: from,
    end: (i) => i.endedAt ?? from,
    office: officeIntervals(calendar, from - prevLen, from),
  };
  const samplesBy = new Map(input.samples.map((s) => [s.stationId, s] as const));
  // Looked up per ward: grouped once, so 1,000 wards stay linear.
  const equipmentBy = new Map(input.equipment.map((e) => [`${e.wardId}\u0000${e.category}`, e]));
  const previousBy = groupBy(input.previousIncidents ?? [], (i) => i.wardId);

  let upstreamMs = 0;
  let localMs = 0;
  let otherMs = 0;
  const wards: WardEvidence[] = input.wards.map((ward) => {
    const own = byWard.get(ward.id) ?? [];
    const wd = wardDowntime(ward, own, input, p);
    const down = wd.ward.down;
    const downOffice = intersect(down, p.office);

    // Causes over office-hour downtime: upstream first, then local, the rest other.
    // A flapping link's held-back down runs carry its incident's attribution.
    const byCause = (set: ReadonlySet<Attribution>) => {
      const of = own.filter((i) => set.has(i.attribution));
      return intersect(
        downOffice,
        union(
          spans(
            of.filter((i) => DOWN_KINDS.has(i.kind)),
            p,
          ),
          heldSpans(of, p),
        ),
      );
    };
    const up = byCause(new Set(['upstream']));
    const local = subtract(byCause(new Set(['local_link', 'station_down'])), up);
    upstreamMs += measure(up);
    localMs += measure(local);
    otherMs += measure(downOffice) - measure(up) - measure(local);

    const stations = ward.stations.flatMap((id) => samplesBy.get(id) ?? []);
    const sum = (f: (s: StationSamples) => number) => stations.reduce((n, s) => n + f(s), 0);
    const targets: TargetEvidence[] = [...wd.targets.entries()].map(([target, d]) => {
      const hist: Histogram = {};
      let rounds = 0;
      let ok = 0;
      for (const s of stations) {
        const ts = s.targets[target];
        if (!ts) continue;
        mergeHistograms(hist, ts.hist);
        rounds += ts.rounds;
        ok += ts.ok;
      }
      return {
        target,
        availability: availabilityOf(d, p.office),
        downtimeMs: pairOf(d.down, p.office),
        plannedDowntimeMs: pairOf(d.planned, p.office),
        latencyMs: { p50: histogramQuantile(hist, 0.5), p95: histogramQuantile(hist, 0.95) },
        rounds,
        okRounds: ok,
      };
    });

    const saturation = (resource: string) =>
      round(
        measure(
          intersect(
            spans(
              own.filter((i) => i.kind === 'resource_saturated' && i.resource === resource),
              p,
            ),
            p.office,
          ),
        ) / HOUR_MS,
        2,
      );
    const equipment: WardEquipment[] = EQUIPMENT_CATEGORIES.map((category) => {
      const now = equipmentBy.get(`${ward.id}\u0000${category}`);
      // Several stations: the best-connected one stands for the ward (a lower bound of the union).
      const connected =
        category === 'workstation'
          ? Math.max(0, ...stations.map((s) => s.onBuckets.office))
          : Math.max(0, ...stations.map((s) => s.connectedBuckets[category] ?? 0));
      return {
        category,
        required: now?.required ?? 0,
        presentNow: now?.presentNow ?? 0,
        everSeen: now?.everSeen ?? 0,
        lastSeenAt: now?.lastSeenAt ?? null,
        connectedOfficeHoursPct:
          officeBuckets > 0
            ? round((100 * Math.min(connected, officeBuckets)) / officeBuckets, 1)
            : 0,
      };
    });

    const merged = down; // normalized: each interval is one outage
    const longest = Math.max(0, ...merged.map(([s, e]) => e - s));
    const prevOwn = (previousBy.get(ward.id) ?? []).filter((i) =>
      overlaps(i, prevPeriod.from, prevPeriod.to),
    );
    const prev = input.previousIncidents ? wardDowntime(ward, prevOwn, input, prevPeriod) : null;
    const drops = { office: sum((s) => s.drops.office), all: sum((s) => s.drops.all) };
    return {
      wardId: ward.id,
      name: ward.name,
      availability: availabilityOf(wd.ward, p.office),
      downtimeMs: pairOf(down, p.office),
      plannedDowntimeMs: pairOf(wd.ward.planned, p.office),
      maintenanceMs: pairOf(subtract([[from, to]], wd.ward.scheduled), p.office),
      outages: merged.length,
      longestDowntimeMs: longest,
      mttrMs: merged.length > 0 ? Math.round(measure(merged) / merged.length) : null,
      incidents: countIncidents(own),
      sessionDrops: {
        total: drops.all,
        officeHours: drops.office,
        perOfficeDay: officeDays > 0 ? round(drops.office / officeDays, 2) : 0,
      },
      workstationOnMs: {
        officeHours: sum((s) => s.onBuckets.office) * BUCKET_MS,
        allHours: sum((s) => s.onBuckets.all) * BUCKET_MS,
      },
      saturationOfficeHours: {
        cpu: saturation('cpu'),
        mem: saturation('mem'),
        disk: saturation('disk'),
      },
      targets,
      equipment,
      previous: prev
        ? {
            downtimeMs: pairOf(prev.ward.down, prevPeriod.office),
            availability: availabilityOf(prev.ward, prevPeriod.office),
          }
        : null,
    };
  });

  const total = (f: (w: WardEvidence) => number) => wards.reduce((n, w) => n + f(w), 0);
  const mean = (f: (w: WardEvidence) => number) => (wards.length > 0 ? total(f) / wards.length : 1);
  const downOffice = total((w) => w.downtimeMs.officeHours);
  const prevOffice = total((w) => w.previous?.downtimeMs.officeHours ?? 0);
  const causeTotal = upstreamMs + localMs + otherMs;
  const city: CityEvidence = {
    wardCount: wards.length,
    officeHoursMs: officeMs,
    officeDays,
    availability: {
      officeHours: mean((w) => w.availability.officeHours),
      allHours: mean((w) => w.availability.allHours),
    },
    downtimeMs: { officeHours: downOffice, allHours: total((w) => w.downtimeMs.allHours) },
    incidents: countIncidents(
      [...byWard.entries()]
        .filter(([id]) => wards.some((w) => w.wardId === id))
        .flatMap(([, l]) => l),
    ),
    ranking: [...wards]
      .sort(
        (a, b) =>
          b.downtimeMs.officeHours - a.downtimeMs.officeHours || a.wardId.localeCompare(b.wardId),
      )
      .map((w, i) => ({
        rank: i + 1,
        wardId: w.wardId,
        name: w.name,
        downtimeOfficeMs: w.downtimeMs.officeHours,
      })),
    causes: {
      upstreamMs,
      localMs,
      otherMs,
      upstreamShare: causeTotal > 0 ? upstreamMs / causeTotal : null,
      localShare: causeTotal > 0 ? localMs / causeTotal : null,
    },
    previous: input.previousIncidents
      ? {
          from: prevPeriod.from,
          to: prevPeriod.to,
          availability: {
            officeHours: mean((w) => w.previous?.availability.officeHours ?? 1),
            allHours: mean((w) => w.previous?.availability.allHours ?? 1),
          },
          downtimeMs: {
            officeHours: prevOffice,
            allHours: total((w) => w.previous?.downtimeMs.allHours ?? 0),
          },
        }
      : null,
    downtimeChangePct:
      input.previousIncidents && prevOffice > 0
        ? round((100 * (downOffice - prevOffice)) / prevOffice, 1)
        : null,
    shortfall: EQUIPMENT_CATEGORIES.map((category) => {
      const short = wards.filter((w) => {
        const e = w.equipment.find((x) => x.category === category);
        return e !== undefined && e.everSeen < e.required;
      });
      return {
        category,
        wardsShort: short.length,
        wardsTotal: wards.length,
        wardIds: short.map((w) => w.wardId),
      };
    }),
    saturationOfficeHours: {
      cpu: round(
        total((w) => w.saturationOfficeHours.cpu),
        2,
      ),
      mem: round(
        total((w) => w.saturationOfficeHours.mem),
        2,
      ),
      disk: round(
        total((w) => w.saturationOfficeHours.disk),
        2,
      ),
    },
  };
  return { from, to, timeZone: calendar.timeZone, wards, city };
}
