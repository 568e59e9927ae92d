import { matchingWindow, type MaintenanceWindow } from './maintenance.js';
import type { DetectorPolicy } from './policy.js';
import type { Attribution, Evidence, IncidentKind } from './types.js';

/** An incident as attribution sees it. */
export interface FaultSpan {
  wardId: string;
  stationId?: string;
  target?: string;
  kind: IncidentKind;
  startedAt: number;
  endedAt: number | null;
  detail?: Evidence;
}

export interface AttributionInput {
  incident: FaultSpan;
  /** Spans of the same kind on the same target, at every ward (the incident may be among them). */
  sameTarget: readonly FaultSpan[];
  /** `link_down` spans on gateway targets of a ward. */
  gatewayFaults(wardId: string): readonly FaultSpan[];
  /** `link_down` spans of the incident's ward, any target. */
  wardLinkFaults: readonly FaultSpan[];
  /** The ward's targets other than its gateways. */
  wardTargets: readonly string[];
  windows: readonly MaintenanceWindow[];
  policy: DetectorPolicy['attribution'];
}

export interface AttributionResult {
  attribution: Attribution;
  evidence: Evidence;
}

const end = (s: FaultSpan) => s.endedAt ?? Number.POSITIVE_INFINITY;
const overlaps = (a: FaultSpan, b: FaultSpan) => a.startedAt < end(b) && b.startedAt < end(a);
/** Whether the span is in effect within `tolMs` of time `t`. */
const near = (s: FaultSpan, t: number, tolMs: number) =>
  s.startedAt <= t + tolMs && end(s) >= t - tolMs;
/** Evidence lists stay bounded however many wards fail (the count is exact). */
const MAX_EVIDENCE_WARDS = 50;

/**
 * Why an incident happened (DESIGN §4), with the evidence:
 * planned (a maintenance window covers its start) › workstation (device/resource kinds) ›
 * station_offline: local_link if the link was failing at the last contact, else station_down ›
 * link faults: local_link if it is the gateway or the ward's gateway failed with it; upstream if
 * the same target fails at ≥ K wards at once whose gateways answer; local_link if every
 * target of the ward fails; else unknown.
 */
export function attributeIncident(input: AttributionInput): AttributionResult {
  const { incident: inc, policy } = input;
  const tol = policy.coincidenceMs;
  const window = matchingWindow(input.windows, inc.wardId, inc.target, inc.startedAt);
  if (window) {
    return { attribution: 'planned', evidence: { windowId: window.id, window: window.name } };
  }
  switch (inc.kind) {
    case 'peripheral_missing':
    case 'equipment_gap':
    case 'resource_saturated':
      return { attribution: 'workstation', evidence: {} };
    case 'station_offline': {
      const at =
        typeof inc.detail?.lastContactAt === 'number' ? inc.detail.lastContactAt : inc.startedAt;
      // Faults in effect at the last contact (started by then, not over long before).
      const own = input.wardLinkFaults.filter(
        (f) =>
          (inc.stationId === undefined || f.stationId === inc.stationId) &&
          f.startedAt <= at &&
          end(f) >= at - tol,
      );
      const gateway = own.find(
        (f) => f.target !== undefined && policy.gatewayTargets.includes(f.target),
      );
      if (gateway)
        return {
          attribution: 'local_link',
          evidence: { lastContactAt: at, gateway: gateway.target },
        };
      const failing = new Set(own.map((f) => f.target));
      if (input.wardTargets.length > 1 && input.wardTargets.every((t) => failing.has(t))) {
        return {
          attribution: 'local_link',
          evidence: { lastContactAt: at, targets: [...failing] },
        };
      }
      return { attribution: 'station_down', evidence: { lastContactAt: at } };
    }
    case 'link_down':
    case 'link_degraded':
    case 'session_unstable':
      return attributeLinkFault(input);
    default: {
      const never: never = inc.kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

function attributeLinkFault(input: AttributionInput): AttributionResult {
  const { incident: inc, policy } = input;
  const tol = policy.coincidenceMs;
  const target = inc.target;
  if (target === undefined) return { attribution: 'unknown', evidence: {} };
  if (policy.gatewayTargets.includes(target)) {
    return { attribution: 'local_link', evidence: { gateway: target } };
  }
  const gatewayDown = (wardId: string, t: number) =>
    input.gatewayFaults(wardId).some((g) => near(g, t, tol));
  if (gatewayDown(inc.wardId, inc.startedAt)) {
    const gw = input.gatewayFaults(inc.wardId).find((g) => near(g, inc.startedAt, tol));
    return { attribution: 'local_link', evidence: { gateway: gw?.target ?? null } };
  }
  const wards = new Set<string>([inc.wardId]);
  for (const peer of input.sameTarget) {
    if (wards.has(peer.wardId) || peer.kind !== inc.kind || !overlaps(peer, inc)) continue;
    if (gatewayDown(peer.wardId, peer.startedAt)) continue;
    wards.add(peer.wardId);
  }
  const listed = [...wards].sort().slice(0, MAX_EVIDENCE_WARDS);
  if (wards.size >= policy.upstreamMinWards) {
    return {
      attribution: 'upstream',
      evidence: { target, wardCount: wards.size, wards: listed, gatewaysUp: true },
    };
  }
  const failing = new Set(
    input.wardLinkFaults.filter((f) => near(f, inc.startedAt, tol)).map((f) => f.target),
  );
  if (input.wardTargets.length > 1 && input.wardTargets.every((t) => failing.has(t))) {
    return { attribution: 'local_link', evidence: { targets: [...input.wardTargets].sort() } };
  }
  return { attribution: 'unknown', evidence: { target, wardCount: wards.size, wards: listed } };
}

/** How urgent an incident is: outages are critical, quality and devices warnings, gaps info. */
export function severityOf(
  kind: IncidentKind,
  attribution: Attribution,
): 'info' | 'warning' | 'critical' {
  if (attribution === 'planned') return 'info';
  switch (kind) {
    case 'station_offline':
    case 'link_down':
      return 'critical';
    case 'link_degraded':
    case 'session_unstable':
    case 'peripheral_missing':
    case 'resource_saturated':
      return 'warning';
    case 'equipment_gap':
      return 'info';
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
