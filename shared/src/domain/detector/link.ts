import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisState } from './hysteresis.js';
import type { DetectorPolicy } from './policy.js';
import type { SpanEffect, StepResult } from './types.js';

/** One probe round of one station against one target, in event time. */
export interface LinkRound {
  t: number;
  ok: boolean;
  lossPct?: number;
  rttAvgMs?: number;
}

export interface LinkState {
  down: HysteresisState;
  quality: HysteresisState;
  lastOk: boolean | null;
  /** Times of up/down changes within the flap window. */
  transitions: number[];
  lastTransitionAt: number | null;
  flappingSince: number | null;
  /** A link_down the machine opened while flapping; surfaced if it outlasts the flapping. */
  heldDownAt: number | null;
  isDownOpen: boolean;
  isDegradedOpen: boolean;
  lastDegradedEndedAt: number | null;
}

export const INITIAL_LINK: LinkState = {
  down: INITIAL_HYSTERESIS,
  quality: INITIAL_HYSTERESIS,
  lastOk: null,
  transitions: [],
  lastTransitionAt: null,
  flappingSince: null,
  heldDownAt: null,
  isDownOpen: false,
  isDegradedOpen: false,
  lastDegradedEndedAt: null,
};

export function isDegradedRound(r: LinkRound, p: DetectorPolicy['link']): boolean {
  if (!r.ok) return false;
  return (
    (r.lossPct !== undefined && r.lossPct >= p.degradedLossPct) ||
    (r.rttAvgMs !== undefined && r.rttAvgMs >= p.degradedRttMs)
  );
}

/**
 * `link_down` by hysteresis on failed rounds; `link_degraded` while the quality is bad
 * (loss/latency) or the link flaps. While it flaps no new `link_down` is surfaced: the storm
 * becomes one `link_degraded` whose detail says `flapping`.
 */
export function stepLink(
  s0: LinkState,
  r: LinkRound,
  policy: DetectorPolicy,
): StepResult<LinkState> {
  const p = policy.link;
  const effects: SpanEffect[] = [];
  const s: LinkState = { ...s0 };

  if (s.lastOk !== null && s.lastOk !== r.ok) {
    s.transitions = [...s.transitions, r.t];
    s.lastTransitionAt = r.t;
  }
  s.lastOk = r.ok;
  const horizon = r.t - p.flapWindowMs;
  if (s.transitions.length > 0 && (s.transitions[0] ?? 0) < horizon) {
    s.transitions = s.transitions.filter((x) => x >= horizon);
  }

  // Flapping ends after a quiet period; it ended where the stable run began.
  if (
    s.flappingSince !== null &&
    s.lastTransitionAt !== null &&
    r.t - s.lastTransitionAt >= p.flapQuietMs
  ) {
    const endedAt = Math.max(s.lastTransitionAt, s.flappingSince);
    s.flappingSince = null;
    s.transitions = [];
    if (s.isDegradedOpen && !s.quality.isOpen) {
      effects.push({ type: 'close', kind: 'link_degraded', endedAt });
      s.isDegradedOpen = false;
      s.lastDegradedEndedAt = endedAt;
    }
    if (s.heldDownAt !== null) {
      effects.push({ type: 'open', kind: 'link_down', startedAt: s.heldDownAt });
      s.isDownOpen = true;
      s.heldDownAt = null;
    }
  }
  if (s.flappingSince === null && s.transitions.length > p.flapMaxTransitions) {
    const startedAt = Math.max(s.transitions[0] ?? r.t, s.lastDegradedEndedAt ?? 0);
    s.flappingSince = startedAt;
    if (!s.isDegradedOpen) {
      effects.push({
        type: 'open',
        kind: 'link_degraded',
        startedAt,
        detail: { reason: 'flapping' },
      });
      s.isDegradedOpen = true;
    }
  }

  const down = stepHysteresis(s.down, r.t, !r.ok, p);
  s.down = down.state;
  if (down.event?.type === 'open') {
    if (s.flappingSince !== null) s.heldDownAt = down.event.startedAt;
    else {
      effects.push({ type: 'open', kind: 'link_down', startedAt: down.event.startedAt });
      s.isDownOpen = true;
    }
  } else if (down.event?.type === 'close') {
    if (s.isDownOpen) {
      effects.push({ type: 'close', kind: 'link_down', endedAt: down.event.endedAt });
      s.isDownOpen = false;
    }
    s.heldDownAt = null;
  }

  const quality = stepHysteresis(s.quality, r.t, isDegradedRound(r, p), {
    openAfter: p.degradedOpenAfter,
    closeAfter: p.degradedCloseAfter,
  });
  s.quality = quality.state;
  if (quality.event?.type === 'open' && !s.isDegradedOpen) {
    effects.push({
      type: 'open',
      kind: 'link_degraded',
      startedAt: quality.event.startedAt,
      detail: { reason: 'quality' },
    });
    s.isDegradedOpen = true;
  } else if (quality.event?.type === 'close' && s.isDegradedOpen && s.flappingSince === null) {
    effects.push({ type: 'close', kind: 'link_degraded', endedAt: quality.event.endedAt });
    s.isDegradedOpen = false;
    s.lastDegradedEndedAt = quality.event.endedAt;
  }
  return { state: s, effects };
}
