import { describe, expect, it } from 'vitest';
import { INITIAL_LINK, MAX_FLAP_DOWN_SPANS, stepLink, type LinkRound } from './link.js';
import { linkMachine } from './machines.js';
import { DEFAULT_POLICY, type DetectorPolicy } from './policy.js';
import { applyEffects, type Span } from './types.js';

const policy: DetectorPolicy = {
  ...DEFAULT_POLICY,
  link: {
    ...DEFAULT_POLICY.link,
    openAfter: 3,
    closeAfter: 2,
    degradedOpenAfter: 2,
    degradedCloseAfter: 2,
    flapWindowMs: 200,
    flapMaxTransitions: 4,
    flapQuietMs: 60,
  },
};

/** Rounds every 10 ms after `from` from a string: '.' ok, 'x' failed, 's' slow (degraded). */
function rounds(text: string, from = 0): LinkRound[] {
  return [...text].map((c, i) => ({
    t: from + (i + 1) * 10,
    ok: c !== 'x',
    lossPct: 0,
    rttAvgMs: c === 's' ? 900 : 20,
  }));
}

/** Steps the machine through `rs`, from a state and the spans it had. */
function run(rs: readonly LinkRound[], state = INITIAL_LINK, spans: Span[] = [], p = policy) {
  for (const r of rs) {
    const res = stepLink(state, r, p);
    state = res.state;
    spans = applyEffects(spans, res.effects);
  }
  return { state, spans };
}

const spansOf = (text: string, p = policy): Span[] => run(rounds(text), INITIAL_LINK, [], p).spans;

const brief = (spans: Span[]) =>
  spans.map((s) => [s.kind, s.startedAt, s.endedAt, s.detail.reason ?? null]);

describe('link machine', () => {
  it.each([
    ['healthy', '..........', []],
    ['short blip (2 rounds) is not an outage', '..xx......', []],
    [
      'outage from first bad round to first good round',
      '..xxxx....',
      [['link_down', 30, 70, null]],
    ],
    ['still open at the end', '...xxxxx', [['link_down', 40, null, null]]],
    ['one good round inside does not split it', '.xxx.xxx..', [['link_down', 20, 90, null]]],
    ['slow rounds: degraded', '..ssss....', [['link_degraded', 30, 70, 'quality']]],
  ])('%s', (_name, text, expected) => {
    expect(brief(spansOf(text))).toEqual(expected);
  });

  it('flapping becomes one link_degraded instead of a storm of link_down', () => {
    // Transitions every 2–3 rounds: more than 4 changes within 200 ms.
    const spans = spansOf('..xxx..xxx..xxx..xxx..xxx............');
    const kinds = spans.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'link_degraded')).toHaveLength(1);
    // The first outage opened before it was flapping; none after.
    expect(kinds.filter((k) => k === 'link_down').length).toBeLessThanOrEqual(2);
    const degraded = spans.find((s) => s.kind === 'link_degraded');
    expect(degraded?.detail.reason).toBe('flapping');
    // Ends where the stable run began (the last change), once quiet long enough.
    expect(degraded?.endedAt).toBe(260);
  });

  it('the down runs held back while flapping stay in its incident, exact to the round', () => {
    // Down runs (3+ failed rounds) at 30–60, 80–110, 130–160, 180–210, 230–260 ms.
    const text = '..xxx..xxx..xxx..xxx..xxx............';
    const spans = spansOf(text);
    const degraded = spans.find((s) => s.kind === 'link_degraded');
    const surfaced = spans
      .filter((s) => s.kind === 'link_down')
      .map((s) => [s.startedAt, s.endedAt]);
    const held = degraded?.detail.downSpans as [number, number][];
    expect(degraded?.detail.downSince).toBeNull();
    // Every down run is counted once: surfaced as a link_down, or carried by the flapping.
    expect([...surfaced, ...held].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual([
      [30, 60],
      [80, 110],
      [130, 160],
      [180, 210],
      [230, 260],
    ]);
    expect(held.length).toBeGreaterThanOrEqual(3);
  });

  it('a down run under way while flapping shows as downSince, then as a span', () => {
    const first = run(rounds('..xxx..xxx..xxx..xxx..xxx'));
    const open = first.spans.find((s) => s.kind === 'link_degraded');
    expect(open).toMatchObject({ endedAt: null, detail: { downSince: 230 } });
    // Two good rounds (260, 270) close it (closeAfter 2); it ended at the first.
    const { spans } = run(rounds('..', 250), first.state, first.spans);
    const after = spans.find((s) => s.kind === 'link_degraded');
    expect(after?.detail.downSince).toBeNull();
    expect((after?.detail.downSpans as number[][]).at(-1)).toEqual([230, 260]);
  });

  it(`a flapping incident is split at ${MAX_FLAP_DOWN_SPANS} down runs, losing none`, () => {
    // Flapping forever (long window): one down run every 5 rounds.
    const p = { ...policy, link: { ...policy.link, flapWindowMs: 1e9, flapQuietMs: 1e9 } };
    const text = '..' + '..xxx'.repeat(MAX_FLAP_DOWN_SPANS + 10);
    const spans = spansOf(text, p);
    const degraded = spans.filter((s) => s.kind === 'link_degraded');
    expect(degraded).toHaveLength(2);
    const [first, second] = degraded;
    expect(first?.endedAt).toBe(second?.startedAt);
    expect(second?.detail.reason).toBe('flapping');
    const runs = [...degraded.flatMap((s) => s.detail.downSpans as number[][])];
    const surfaced = spans.filter((s) => s.kind === 'link_down');
    const downSince = second?.detail.downSince === null ? 0 : 1;
    expect(runs.length + surfaced.length + downSince).toBe(MAX_FLAP_DOWN_SPANS + 10);
    expect((first?.detail.downSpans as unknown[]).length).toBe(MAX_FLAP_DOWN_SPANS);
  });

  it('an outage that outlasts the flapping is surfaced with its own start', () => {
    const spans = spansOf('..xxx..xxx..xxx..xxx..xxxxxxxxxxxxx');
    const downs = spans.filter((s) => s.kind === 'link_down');
    const last = downs[downs.length - 1];
    expect(last).toMatchObject({ startedAt: 230, endedAt: null });
    const degraded = spans.find((s) => s.kind === 'link_degraded');
    expect(degraded?.endedAt).toBe(230);
  });

  it('a server restart mid-flap resumes the held-back down runs, the one under way included', () => {
    // Restart inside the 5th down run (230–250 failed, still down).
    const before = rounds('..xxx..xxx..xxx..xxx..xxx');
    const after = rounds('..xxx..............', 250);
    const straight = run([...before, ...after]).spans;
    const open = run(before).spans.filter((s) => s.endedAt === null);
    expect(open.find((s) => s.kind === 'link_degraded')?.detail.downSince).toBe(230);
    const resumed = run(after, linkMachine.resume(open), open).spans;
    const degraded = (spans: Span[]) => spans.find((s) => s.kind === 'link_degraded');
    expect(degraded(resumed)?.detail.downSpans).toEqual(degraded(straight)?.detail.downSpans);
    expect(degraded(resumed)?.endedAt).toBe(degraded(straight)?.endedAt);
  });
});
