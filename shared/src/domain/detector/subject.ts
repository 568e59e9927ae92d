import type { DetectorPolicy } from './policy.js';
import { applyEffects, type Span, type SpanEffect, type StepResult } from './types.js';

export interface Round {
  t: number;
}

/** A pure state machine over one subject's rounds in event time. */
export interface Machine<S, R extends Round> {
  initial: S;
  step(state: S, round: R, policy: DetectorPolicy): StepResult<S>;
  /** Effects implied by event time having reached `watermark` (not folded into state). */
  finalize?(state: S, watermark: number, policy: DetectorPolicy): SpanEffect[];
  /** Orders rounds with equal `t`; 0 means the same round (a duplicate, kept once). */
  tieBreak(a: R, b: R): number;
}

interface Checkpoint<S> {
  /** State after rounds[0 .. index-1]. */
  index: number;
  state: S;
  spans: readonly Span[];
}

/**
 * One subject's recent rounds, sorted by event time, with checkpoints every few rounds. A
 * round older than the newest is handled by going back to the checkpoint before it and
 * replaying: the outcome depends only on the set of rounds, never on arrival order.
 */
export interface SubjectRun<S, R extends Round> {
  rounds: R[];
  checkpoints: Checkpoint<S>[];
  state: S;
  spans: readonly Span[];
  /** Rounds before this time were forgotten; later arrivals older than it are ignored. */
  settledBefore: number;
  /** Rounds that arrived too late to be evaluated. */
  lateDropped: number;
}

export const CHECKPOINT_EVERY = 32;

export function createRun<S, R extends Round>(
  state: S,
  spans: readonly Span[] = [],
  settledBefore = 0,
): SubjectRun<S, R> {
  return {
    rounds: [],
    checkpoints: [{ index: 0, state, spans }],
    state,
    spans,
    settledBefore,
    lateDropped: 0,
  };
}

function compare<R extends Round>(m: Machine<unknown, R>, a: R, b: R): number {
  return a.t - b.t || m.tieBreak(a, b);
}

function fold<S, R extends Round>(
  run: SubjectRun<S, R>,
  m: Machine<S, R>,
  from: number,
  policy: DetectorPolicy,
): void {
  let { state, spans } = run;
  for (let i = from; i < run.rounds.length; i++) {
    const round = run.rounds[i] as R;
    const r = m.step(state, round, policy);
    state = r.state;
    if (r.effects.length > 0) spans = applyEffects(spans, r.effects);
    if ((i + 1) % CHECKPOINT_EVERY === 0) run.checkpoints.push({ index: i + 1, state, spans });
  }
  run.state = state;
  run.spans = spans;
}

/** Add rounds (any order, duplicates allowed) and re-evaluate from where they change history. */
export function addRounds<S, R extends Round>(
  run: SubjectRun<S, R>,
  m: Machine<S, R>,
  incoming: readonly R[],
  policy: DetectorPolicy,
): void {
  const fresh = incoming.filter((r) => r.t >= run.settledBefore);
  run.lateDropped += incoming.length - fresh.length;
  if (fresh.length === 0) return;
  fresh.sort((a, b) => compare(m, a, b));
  const last = run.rounds[run.rounds.length - 1];
  const first = fresh[0] as R;
  if (!last || compare(m, first, last) > 0) {
    const from = run.rounds.length;
    let prev: R | undefined = last;
    for (const r of fresh) {
      if (prev && compare(m, r, prev) === 0) continue;
      run.rounds.push(r);
      prev = r;
    }
    fold(run, m, from, policy);
  } else {
    const merged: R[] = [];
    let i = 0;
    let j = 0;
    let firstChange = -1;
    while (i < run.rounds.length || j < fresh.length) {
      const a = run.rounds[i];
      const b = fresh[j];
      const c = a && b ? compare(m, a, b) : a ? -1 : 1;
      let next: R;
      if (c <= 0) {
        next = a as R;
        i++;
        if (c === 0) j++;
      } else {
        next = b as R;
        j++;
        if (firstChange < 0) firstChange = merged.length;
      }
      const prev = merged[merged.length - 1];
      if (prev && compare(m, prev, next) === 0) continue;
      merged.push(next);
    }
    run.rounds = merged;
    if (firstChange < 0) return;
    let k = run.checkpoints.length - 1;
    while (k > 0 && (run.checkpoints[k]?.index ?? 0) > firstChange) k--;
    const cp = run.checkpoints[k] as Checkpoint<S>;
    run.checkpoints.length = k + 1;
    run.state = cp.state;
    run.spans = cp.spans;
    fold(run, m, cp.index, policy);
  }
}

/**
 * Forget rounds beyond the late window (or the count cap), cutting at a checkpoint. Call it
 * after reading the spans: spans closed before the cut are forgotten too.
 */
export function trimRun<S, R extends Round>(run: SubjectRun<S, R>, policy: DetectorPolicy): void {
  const { lateWindowMs, maxRoundsPerSubject } = policy.history;
  const newest = run.rounds[run.rounds.length - 1];
  if (!newest) return;
  const horizon = newest.t - lateWindowMs;
  let drop = Math.max(0, run.rounds.length - maxRoundsPerSubject);
  while (drop < run.rounds.length && (run.rounds[drop]?.t ?? 0) < horizon) drop++;
  if (drop < CHECKPOINT_EVERY) return;
  // Cut at a checkpoint so the new base keeps an exact state.
  let k = run.checkpoints.length - 1;
  while (k > 0 && (run.checkpoints[k]?.index ?? 0) > drop) k--;
  const base = run.checkpoints[k] as Checkpoint<S>;
  if (base.index === 0) return;
  const cut = base.index;
  run.rounds = run.rounds.slice(cut);
  run.settledBefore = run.rounds[0]?.t ?? run.settledBefore;
  const settled = run.settledBefore;
  // Spans closed before the cut can no longer change: forget them.
  const keep = (spans: readonly Span[]) =>
    spans.some((s) => s.endedAt !== null && s.endedAt < settled)
      ? spans.filter((s) => s.endedAt === null || s.endedAt >= settled)
      : spans;
  run.checkpoints = run.checkpoints.slice(k).map((c) => ({
    index: c.index - cut,
    state: c.state,
    spans: keep(c.spans),
  }));
  run.spans = keep(run.spans);
}

/** The spans as of `watermark` (live view): stored spans plus the machine's finalize effects. */
export function viewSpans<S, R extends Round>(
  run: SubjectRun<S, R>,
  m: Machine<S, R>,
  watermark: number | null,
  policy: DetectorPolicy,
): readonly Span[] {
  if (watermark === null || !m.finalize) return run.spans;
  const effects = m.finalize(run.state, watermark, policy);
  return effects.length === 0 ? run.spans : applyEffects(run.spans, effects);
}
