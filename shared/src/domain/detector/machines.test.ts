import { describe, expect, it } from 'vitest';
import type { LinkRound } from './link.js';
import { linkMachine } from './machines.js';
import { DEFAULT_POLICY, type DetectorPolicy } from './policy.js';
import { applyEffects, type Span } from './types.js';

const policy: DetectorPolicy = {
  ...DEFAULT_POLICY,
  link: {
    ...DEFAULT_POLICY.link,
    openAfter: 3,
    closeAfter: 2,
    flapWindowMs: 200,
    flapMaxTransitions: 4,
    flapQuietMs: 60,
  },
};

/** Rounds every 10 ms from a string: '.' ok, 'x' failed. */
const rounds = (text: string, from = 0): LinkRound[] =>
  [...text].map((c, i) => ({ t: from + (i + 1) * 10, ok: c !== 'x', lossPct: 0, rttAvgMs: 20 }));

function run(rs: readonly LinkRound[], state = linkMachine.initial, spans: Span[] = []) {
  for (const r of rs) {
    const res = linkMachine.step(state, r, policy);
    state = res.state;
    spans = applyEffects(spans, res.effects);
  }
  return { state, spans };
}

describe('linkMachine.resume (a server restart mid-flap)', () => {
  it('carries the held-back down runs on, the one under way included', () => {
    // Restart inside the 5th down run (230–250 failed, still down).
    const before = rounds('..xxx..xxx..xxx..xxx..xxx');
    const after = rounds('..xxx..............', 250);
    const straight = run([...before, ...after]).spans;

    const first = run(before);
    const open = first.spans.filter((s) => s.endedAt === null);
    expect(open.find((s) => s.kind === 'link_degraded')?.detail.downSince).toBe(230);
    const resumed = run(after, linkMachine.resume(open), open);
    const degraded = (spans: Span[]) => spans.find((s) => s.kind === 'link_degraded');
    expect(degraded(resumed.spans)?.detail.downSpans).toEqual(degraded(straight)?.detail.downSpans);
    expect(degraded(resumed.spans)?.endedAt).toBe(degraded(straight)?.endedAt);
  });
});
