import { INITIAL_HYSTERESIS, type HysteresisState } from './hysteresis.js';
import { INITIAL_LINK, heldDownSpans, stepLink, type LinkRound, type LinkState } from './link.js';
import type { EquipmentCategory } from './policy.js';
import {
  INITIAL_SESSION,
  finalizeSession,
  stepSession,
  type DropRound,
  type SessionState,
} from './session.js';
import type { Machine } from './subject.js';
import type { Span } from './types.js';
import {
  INITIAL_EQUIPMENT,
  INITIAL_PERIPHERAL,
  stepEquipment,
  stepPeripheral,
  stepSaturation,
  type CountRound,
  type EquipmentState,
  type PeripheralState,
  type Resource,
  type UsageRound,
  type WardCountRound,
} from './workstation.js';

const openOf = (spans: readonly Span[], kind: Span['kind']) =>
  spans.find((s) => s.kind === kind && s.endedAt === null);
/** A state that continues an incident still open when the server restarted. */
const resumedHysteresis = (isOpen: boolean): HysteresisState => ({ ...INITIAL_HYSTERESIS, isOpen });

export interface ResumableMachine<S, R extends { t: number }> extends Machine<S, R> {
  resume(open: readonly Span[]): S;
}

export const linkMachine: ResumableMachine<LinkState, LinkRound> = {
  initial: INITIAL_LINK,
  step: stepLink,
  tieBreak: (a, b) =>
    Number(a.ok) - Number(b.ok) ||
    (a.lossPct ?? -1) - (b.lossPct ?? -1) ||
    (a.rttAvgMs ?? -1) - (b.rttAvgMs ?? -1),
  resume: (open) => {
    const down = openOf(open, 'link_down');
    const degraded = openOf(open, 'link_degraded');
    const isFlapping = degraded?.detail.reason === 'flapping';
    // The down runs it carries go on from where they were: ended ones, and one under way.
    const held = degraded ? heldDownSpans(degraded.detail) : [];
    const ended = held.flatMap(([s, e]) => (e === null ? [] : [[s, e] as const]));
    const downSince = held.find(([, e]) => e === null)?.[0] ?? null;
    return {
      ...INITIAL_LINK,
      down: resumedHysteresis(down !== undefined || downSince !== null),
      quality: resumedHysteresis(degraded !== undefined && !isFlapping),
      isDownOpen: down !== undefined,
      isDegradedOpen: degraded !== undefined,
      flappingSince: isFlapping ? degraded.startedAt : null,
      heldDownAt: downSince,
      flapDownSpans: ended,
    };
  },
};

export const sessionMachine: ResumableMachine<SessionState, DropRound> = {
  initial: INITIAL_SESSION,
  step: stepSession,
  finalize: finalizeSession,
  tieBreak: (a, b) => a.reconnectMs - b.reconnectMs,
  resume: (open) => {
    const s = openOf(open, 'session_unstable');
    return s
      ? { ...INITIAL_SESSION, isOpen: true, lastDropAt: s.startedAt, lastUpAt: s.startedAt }
      : INITIAL_SESSION;
  },
};

export type SaturationRound = UsageRound & { resource: Resource };
export const saturationMachine: ResumableMachine<HysteresisState, SaturationRound> = {
  initial: INITIAL_HYSTERESIS,
  step: stepSaturation,
  tieBreak: (a, b) => a.pct - b.pct,
  resume: (open) => resumedHysteresis(openOf(open, 'resource_saturated') !== undefined),
};

export type PeripheralRound = CountRound & { category: string };
export const peripheralMachine: ResumableMachine<PeripheralState, PeripheralRound> = {
  initial: INITIAL_PERIPHERAL,
  step: stepPeripheral,
  tieBreak: (a, b) => a.count - b.count,
  resume: (open) => {
    const s = openOf(open, 'peripheral_missing');
    const expected = typeof s?.detail.expected === 'number' ? s.detail.expected : 0;
    return { maxSeen: expected, h: resumedHysteresis(s !== undefined) };
  },
};

export type EquipmentRound = WardCountRound & { category: EquipmentCategory };
export const equipmentMachine: ResumableMachine<EquipmentState, EquipmentRound> = {
  initial: INITIAL_EQUIPMENT,
  step: stepEquipment,
  tieBreak: (a, b) =>
    a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : a.count - b.count,
  resume: (open) => ({ ...INITIAL_EQUIPMENT, isOpen: openOf(open, 'equipment_gap') !== undefined }),
};
