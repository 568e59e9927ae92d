import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisState } from './hysteresis.js';
import type { DetectorPolicy, EquipmentCategory } from './policy.js';
import type { SpanEffect, StepResult } from './types.js';

export const RESOURCES = ['cpu', 'mem', 'disk'] as const;
export type Resource = (typeof RESOURCES)[number];

/** One sys sample reduced to one resource's use in percent. */
export interface UsageRound {
  t: number;
  pct: number;
}

/** `resource_saturated` for one resource: hysteresis on use at or above its threshold. */
export function stepSaturation(
  s: HysteresisState,
  r: UsageRound & { resource: Resource },
  policy: DetectorPolicy,
): StepResult<HysteresisState> {
  const p = policy.saturation;
  const limit = r.resource === 'cpu' ? p.cpuPct : r.resource === 'mem' ? p.memPct : p.diskPct;
  const h = stepHysteresis(s, r.t, r.pct >= limit, p);
  const effects: SpanEffect[] = [];
  if (h.event?.type === 'open') {
    effects.push({
      type: 'open',
      kind: 'resource_saturated',
      startedAt: h.event.startedAt,
      detail: { resource: r.resource, thresholdPct: limit },
    });
  } else if (h.event?.type === 'close') {
    effects.push({ type: 'close', kind: 'resource_saturated', endedAt: h.event.endedAt });
  }
  return { state: h.state, effects };
}

/** How many devices of one category a station reports in one peripherals record. */
export interface CountRound {
  t: number;
  count: number;
}

export interface PeripheralState {
  /** The most devices of this category seen at once. */
  maxSeen: number;
  h: HysteresisState;
}
export const INITIAL_PERIPHERAL: PeripheralState = { maxSeen: 0, h: INITIAL_HYSTERESIS };

/** `peripheral_missing`: fewer devices of the category than were once present together. */
export function stepPeripheral(
  s: PeripheralState,
  r: CountRound & { category: string },
  policy: DetectorPolicy,
): StepResult<PeripheralState> {
  const isBad = r.count < s.maxSeen;
  const h = stepHysteresis(s.h, r.t, isBad, policy.peripheral);
  const effects: SpanEffect[] = [];
  if (h.event?.type === 'open') {
    effects.push({
      type: 'open',
      kind: 'peripheral_missing',
      startedAt: h.event.startedAt,
      detail: { category: r.category, expected: s.maxSeen, present: r.count },
    });
  } else if (h.event?.type === 'close') {
    effects.push({ type: 'close', kind: 'peripheral_missing', endedAt: h.event.endedAt });
  }
  return { state: { maxSeen: Math.max(s.maxSeen, r.count), h: h.state }, effects };
}

/** A ward's device count of one category as one of its stations reported it. */
export interface WardCountRound extends CountRound {
  stationId: string;
}

export interface EquipmentState {
  maxByStation: Record<string, number>;
  isOpen: boolean;
}
export const INITIAL_EQUIPMENT: EquipmentState = { maxByStation: {}, isOpen: false };

/** Devices of the category ever seen in the ward (the most each station had at once, summed). */
export function everSeen(s: EquipmentState): number {
  let sum = 0;
  for (const n of Object.values(s.maxByStation)) sum += n;
  return sum;
}

/**
 * `equipment_gap`: the ward's devices ever seen fall short of the requirement; it opens at
 * the first report that shows the shortfall and closes at the first that meets it.
 */
export function stepEquipment(
  s: EquipmentState,
  r: WardCountRound & { category: EquipmentCategory },
  policy: DetectorPolicy,
): StepResult<EquipmentState> {
  const before = s.maxByStation[r.stationId] ?? 0;
  const maxByStation =
    r.count > before ? { ...s.maxByStation, [r.stationId]: r.count } : s.maxByStation;
  const next: EquipmentState = { maxByStation, isOpen: s.isOpen };
  const required = policy.equipment[r.category];
  const seen = everSeen(next);
  const effects: SpanEffect[] = [];
  if (!s.isOpen && seen < required) {
    effects.push({
      type: 'open',
      kind: 'equipment_gap',
      startedAt: r.t,
      detail: { category: r.category, required, everSeen: seen },
    });
    next.isOpen = true;
  } else if (s.isOpen && seen >= required) {
    effects.push({
      type: 'close',
      kind: 'equipment_gap',
      endedAt: r.t,
      detail: { everSeen: seen },
    });
    next.isOpen = false;
  }
  return { state: next, effects };
}
