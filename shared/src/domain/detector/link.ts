import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisState } from './hysteresis.js';
import type { DetectorPolicy } from './policy.js';
import type { Evidence, SpanEffect, StepResult } from './types.js';

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
  /** Held-back down runs that ended while the open link_degraded lasted: its downtime. */
  flapDownSpans: readonly FlapDownSpan[];
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
  flapDownSpans: [],
  isDownOpen: false,
  isDegradedOpen: false,
  lastDegradedEndedAt: null,
};

/** `[startedAt, endedAt]` of one down run held back while the link flapped. */
export type FlapDownSpan = readonly [number, number];

/**
 * Down runs one flapping incident carries before it is split (closed and opened again at
 * the same instant): ~4 days of a line down 1.5 min in every 6, ~16 KB of detail.
 */
export const MAX_FLAP_DOWN_SPANS = 1000;

/**
 * The detail a flapping `link_degraded` carries so its downtime still counts (DESIGN §4:
 * availability from incidents): the held-back down runs, ended, and the start of the one
 * under way (null when up). Reports add both to the target's downtime.
 */
export type FlapDownDetail = {
  downSpans: readonly FlapDownSpan[];
  downSince: number | null;
};

/**
 * The down runs a `link_degraded` incident's detail carries (none for other incidents or
 * old rows): ended ones, then the one under way with a null end. Read from the database,
 * so anything malformed is skipped rather than trusted.
 */
export function heldDownSpans(detail: Evidence): [number, number | null][] {
  const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const out: [number, number | null][] = [];
  const spans = detail.downSpans;
  if (Array.isArray(spans))
    for (const sp of spans as unknown[])
      if (Array.isArray(sp) && isTime(sp[0]) && isTime(sp[1]) && sp[1] > sp[0])
        out.push([sp[0], sp[1]]);
  if (isTime(detail.downSince)) out.push([detail.downSince, null]);
  return out;
}

const flapDetail = (s: LinkState): FlapDownDetail => ({
  downSpans: s.flapDownSpans,
  downSince: s.heldDownAt,
});

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
    // A run still down becomes a link_down of its own below, so it leaves the detail.
    const detail = { ...flapDetail(s), downSince: null };
    if (s.isDegradedOpen && !s.quality.isOpen) {
      effects.push({ type: 'close', kind: 'link_degraded', endedAt, detail });
      s.isDegradedOpen = false;
      s.lastDegradedEndedAt = endedAt;
      s.flapDownSpans = [];
    } else if (s.isDegradedOpen) {
      // Still degraded by quality: the same incident goes on, with the downtime it carries.
      effects.push({ type: 'detail', kind: 'link_degraded', detail });
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
        detail: { reason: 'flapping', ...flapDetail(s) },
      });
      s.isDegradedOpen = true;
    }
  }

  const down = stepHysteresis(s.down, r.t, !r.ok, p);
  s.down = down.state;
  if (down.event?.type === 'open') {
    if (s.flappingSince !== null) {
      s.heldDownAt = down.event.startedAt;
      if (s.isDegradedOpen)
        effects.push({ type: 'detail', kind: 'link_degraded', detail: flapDetail(s) });
    } else {
      effects.push({ type: 'open', kind: 'link_down', startedAt: down.event.startedAt });
      s.isDownOpen = true;
    }
  } else if (down.event?.type === 'close') {
    if (s.isDownOpen) {
      effects.push({ type: 'close', kind: 'link_down', endedAt: down.event.endedAt });
      s.isDownOpen = false;
    }
    if (s.heldDownAt !== null && s.isDegradedOpen)
      effects.push(...endHeldDown(s, s.heldDownAt, down.event.endedAt));
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
    s.flapDownSpans = [];
    s.lastDegradedEndedAt = quality.event.endedAt;
  }
  return { state: s, effects };
}

/**
 * A held-back down run ended while flapping: it joins the open incident's downtime. At
 * MAX_FLAP_DOWN_SPANS the incident is closed there and a new one opened, so no detail grows
 * without bound through a week-long flap.
 */
function endHeldDown(s: LinkState, startedAt: number, endedAt: number): SpanEffect[] {
  s.flapDownSpans = [...s.flapDownSpans, [startedAt, endedAt]];
  const detail = { downSpans: s.flapDownSpans, downSince: null };
  if (s.flapDownSpans.length < MAX_FLAP_DOWN_SPANS)
    return [{ type: 'detail', kind: 'link_degraded', detail }];
  s.flapDownSpans = [];
  return [
    { type: 'close', kind: 'link_degraded', endedAt, detail },
    {
      type: 'open',
      kind: 'link_degraded',
      startedAt: endedAt,
      detail: { reason: 'flapping', downSpans: [], downSince: null },
    },
  ];
}
