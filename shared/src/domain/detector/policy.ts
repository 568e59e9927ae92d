import Type, { type Static } from 'typebox';
import { EquipmentRequirementSchema } from '../../protocol/server-messages.js';

const Count = Type.Integer({ minimum: 1, maximum: 10_000 });
const Ms = Type.Integer({ minimum: 0 });
const Pct = Type.Number({ minimum: 0, maximum: 100 });
const closed = { additionalProperties: false } as const;

const LinkSection = Type.Object(
  {
    /** Consecutive failed rounds before `link_down` opens / good rounds before it closes. */
    openAfter: Count,
    closeAfter: Count,
    /** A good round is degraded at or above this loss or average RTT. */
    degradedLossPct: Pct,
    degradedRttMs: Type.Number({ minimum: 0 }),
    degradedOpenAfter: Count,
    degradedCloseAfter: Count,
    /** More than `flapMaxTransitions` up/down changes within `flapWindowMs` is flapping. */
    flapWindowMs: Ms,
    flapMaxTransitions: Count,
    /** Flapping ends after this long without a change. */
    flapQuietMs: Ms,
  },
  closed,
);
const OfflineSection = Type.Object(
  {
    /** Silence longer than this is `station_offline`; null: 3 × the shortest interval. */
    graceMs: Type.Union([Ms, Type.Null()]),
    minGraceMs: Ms,
    /**
     * Live only: a station whose connection dropped (closed, or terminated as a dead link)
     * is offline once this long has passed since its last contact — the outbox may still
     * fill the gap later, which retracts the incident.
     */
    droppedGraceMs: Type.Optional(Ms),
  },
  closed,
);
const PeripheralSection = Type.Object({ openAfter: Count, closeAfter: Count }, closed);
const SaturationSection = Type.Object(
  { cpuPct: Pct, memPct: Pct, diskPct: Pct, openAfter: Count, closeAfter: Count },
  closed,
);
const SessionSection = Type.Object(
  {
    /** `session_unstable` opens at this many drops within `windowMs`. */
    maxDrops: Count,
    windowMs: Ms,
    /** ...and closes after this long without a drop. */
    quietMs: Ms,
  },
  closed,
);
const AttributionSection = Type.Object(
  {
    /** A target failing at this many wards at once (gateways up) is `upstream`. */
    upstreamMinWards: Count,
    gatewayTargets: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 }),
    /** Two faults this close in time count as one event (gateway vs target). */
    coincidenceMs: Ms,
  },
  closed,
);
export const EQUIPMENT_CATEGORIES = [
  'workstation',
  'fingerprint',
  'scanner',
  'card_reader',
] as const;
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number];
// One shape for the detector's thresholds and the requirement `welcome` tells the agent.
const EquipmentSection = EquipmentRequirementSchema;
const HistorySection = Type.Object(
  {
    /** Rounds this much older than a subject's newest are no longer re-evaluated. */
    lateWindowMs: Ms,
    maxRoundsPerSubject: Type.Integer({ minimum: 8, maximum: 1_000_000 }),
  },
  closed,
);

export const DetectorPolicySchema = Type.Object(
  {
    link: LinkSection,
    offline: OfflineSection,
    peripheral: PeripheralSection,
    saturation: SaturationSection,
    session: SessionSection,
    attribution: AttributionSection,
    equipment: EquipmentSection,
    history: HistorySection,
  },
  closed,
);
export type DetectorPolicy = Static<typeof DetectorPolicySchema>;

export const DetectorPolicyPatchSchema = Type.Object(
  {
    link: Type.Optional(Type.Partial(LinkSection)),
    offline: Type.Optional(Type.Partial(OfflineSection)),
    peripheral: Type.Optional(Type.Partial(PeripheralSection)),
    saturation: Type.Optional(Type.Partial(SaturationSection)),
    session: Type.Optional(Type.Partial(SessionSection)),
    attribution: Type.Optional(Type.Partial(AttributionSection)),
    equipment: Type.Optional(Type.Partial(EquipmentSection)),
    history: Type.Optional(Type.Partial(HistorySection)),
  },
  closed,
);
export type DetectorPolicyPatch = Static<typeof DetectorPolicyPatchSchema>;

/** Thresholds as stored and edited: global, then per ward, then per target (last wins). */
export const DetectorSettingsSchema = Type.Object(
  {
    global: Type.Optional(DetectorPolicyPatchSchema),
    wards: Type.Optional(Type.Record(Type.String(), DetectorPolicyPatchSchema)),
    targets: Type.Optional(Type.Record(Type.String(), DetectorPolicyPatchSchema)),
  },
  closed,
);
export type DetectorSettings = Static<typeof DetectorSettingsSchema>;

/** Defaults (docs/detector.md explains each). */
export const DEFAULT_POLICY: DetectorPolicy = {
  link: {
    openAfter: 3,
    closeAfter: 2,
    degradedLossPct: 20,
    degradedRttMs: 500,
    degradedOpenAfter: 5,
    degradedCloseAfter: 5,
    flapWindowMs: 3_600_000,
    flapMaxTransitions: 8,
    flapQuietMs: 600_000,
  },
  offline: { graceMs: null, minGraceMs: 60_000, droppedGraceMs: 10_000 },
  peripheral: { openAfter: 2, closeAfter: 1 },
  saturation: { cpuPct: 95, memPct: 95, diskPct: 95, openAfter: 5, closeAfter: 3 },
  session: { maxDrops: 6, windowMs: 3_600_000, quietMs: 900_000 },
  attribution: { upstreamMinWards: 3, gatewayTargets: ['gateway'], coincidenceMs: 60_000 },
  equipment: { workstation: 1, fingerprint: 1, scanner: 1, card_reader: 1 },
  history: { lateWindowMs: 900_000, maxRoundsPerSubject: 512 },
};

function mergePatch(base: DetectorPolicy, patch: DetectorPolicyPatch | undefined): DetectorPolicy {
  if (!patch) return base;
  return {
    link: { ...base.link, ...patch.link },
    offline: { ...base.offline, ...patch.offline },
    peripheral: { ...base.peripheral, ...patch.peripheral },
    saturation: { ...base.saturation, ...patch.saturation },
    session: { ...base.session, ...patch.session },
    attribution: { ...base.attribution, ...patch.attribution },
    equipment: { ...base.equipment, ...patch.equipment },
    history: { ...base.history, ...patch.history },
  };
}

/** The policy for one ward (and target): defaults < global < ward < target. */
export function resolvePolicy(
  settings: DetectorSettings,
  wardId?: string,
  targetId?: string,
): DetectorPolicy {
  let p = mergePatch(DEFAULT_POLICY, settings.global);
  if (wardId !== undefined) p = mergePatch(p, settings.wards?.[wardId]);
  if (targetId !== undefined) p = mergePatch(p, settings.targets?.[targetId]);
  return p;
}

/** Silence longer than this is `station_offline` for a station probing every `intervalMs`. */
export function offlineGraceMs(policy: DetectorPolicy, shortestIntervalMs: number): number {
  return policy.offline.graceMs ?? Math.max(policy.offline.minGraceMs, 3 * shortestIntervalMs);
}

/**
 * Wards whose resolved equipment requirement differs between two settings: `'all'` when the
 * global part changed (every ward may inherit it), else the wards named in either version
 * whose requirement changed. Their connected agents get a fresh config.
 */
export function equipmentChangedWards(
  before: DetectorSettings,
  after: DetectorSettings,
): 'all' | string[] {
  const same = (a: DetectorPolicy['equipment'], b: DetectorPolicy['equipment']) =>
    EQUIPMENT_CATEGORIES.every((c) => a[c] === b[c]);
  if (!same(resolvePolicy(before).equipment, resolvePolicy(after).equipment)) return 'all';
  const wards = new Set([...Object.keys(before.wards ?? {}), ...Object.keys(after.wards ?? {})]);
  return [...wards]
    .filter((w) => !same(resolvePolicy(before, w).equipment, resolvePolicy(after, w).equipment))
    .sort();
}
