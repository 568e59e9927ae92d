import type { DetectorPolicy } from './policy.js';
import type { SpanEffect, StepResult } from './types.js';

/** A session that ended without a clean close: `t` is when it dropped (event time). */
export interface DropRound {
  t: number;
  reconnectMs: number;
}

export interface SessionState {
  drops: number[];
  isOpen: boolean;
  lastDropAt: number | null;
  /** When the session was back up after the last drop. */
  lastUpAt: number | null;
  lastEndedAt: number | null;
}

export const INITIAL_SESSION: SessionState = {
  drops: [],
  isOpen: false,
  lastDropAt: null,
  lastUpAt: null,
  lastEndedAt: null,
};

/** Closes an open incident once `watermark` shows `quietMs` without a drop. */
export function finalizeSession(
  s: SessionState,
  watermark: number,
  policy: DetectorPolicy,
): SpanEffect[] {
  if (!s.isOpen || s.lastDropAt === null) return [];
  if (watermark - s.lastDropAt < policy.session.quietMs) return [];
  return [{ type: 'close', kind: 'session_unstable', endedAt: s.lastUpAt ?? s.lastDropAt }];
}

/**
 * `session_unstable`: `maxDrops` drops within `windowMs` open it at the first of them; it
 * closes when the session stayed up `quietMs`, at the moment it was re-established.
 */
export function stepSession(
  s0: SessionState,
  r: DropRound,
  policy: DetectorPolicy,
): StepResult<SessionState> {
  const p = policy.session;
  const effects: SpanEffect[] = [];
  let s = { ...s0 };
  const closing = finalizeSession(s, r.t, policy);
  if (closing.length > 0) {
    effects.push(...closing);
    s = { ...s, isOpen: false, drops: [], lastEndedAt: s.lastUpAt ?? s.lastDropAt };
  }
  const horizon = r.t - p.windowMs;
  s.drops = [...s.drops.filter((d) => d > horizon), r.t];
  s.lastDropAt = r.t;
  s.lastUpAt = r.t + r.reconnectMs;
  if (!s.isOpen && s.drops.length >= p.maxDrops) {
    const startedAt = Math.max(s.drops[0] ?? r.t, s.lastEndedAt ?? 0);
    effects.push({
      type: 'open',
      kind: 'session_unstable',
      startedAt,
      detail: { drops: s.drops.length },
    });
    s.isOpen = true;
  }
  return { state: s, effects };
}
