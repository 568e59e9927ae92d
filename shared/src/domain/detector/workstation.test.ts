import { describe, expect, it } from 'vitest';
import { INITIAL_HYSTERESIS } from './hysteresis.js';
import { DEFAULT_POLICY, type DetectorPolicy } from './policy.js';
import { INITIAL_SESSION, finalizeSession, stepSession } from './session.js';
import { applyEffects, type Span, type SpanEffect, type StepResult } from './types.js';
import {
  INITIAL_EQUIPMENT,
  INITIAL_PERIPHERAL,
  stepEquipment,
  stepPeripheral,
  stepSaturation,
} from './workstation.js';

function fold<S, R>(
  initial: S,
  rounds: R[],
  step: (s: S, r: R, p: DetectorPolicy) => StepResult<S>,
  p = DEFAULT_POLICY,
) {
  let state = initial;
  let spans: Span[] = [];
  const effects: SpanEffect[] = [];
  for (const r of rounds) {
    const res = step(state, r, p);
    state = res.state;
    effects.push(...res.effects);
    spans = applyEffects(spans, res.effects);
  }
  return { state, spans, effects };
}
const brief = (spans: Span[]) => spans.map((s) => [s.kind, s.startedAt, s.endedAt]);

describe('peripheral_missing', () => {
  it.each([
    ['never present: nothing missing', [0, 0, 0, 0], []],
    ['present, unplugged 3 rounds, back', [1, 1, 0, 0, 0, 1, 1], [['peripheral_missing', 30, 60]]],
    ['one missed round is not enough (openAfter 2)', [1, 0, 1, 1], []],
    ['two of two, one gone', [2, 2, 1, 1, 1], [['peripheral_missing', 30, null]]],
  ])('%s', (_name, counts, expected) => {
    const rounds = counts.map((count, i) => ({ t: (i + 1) * 10, count, category: 'fingerprint' }));
    expect(brief(fold(INITIAL_PERIPHERAL, rounds, stepPeripheral).spans)).toEqual(expected);
  });
});

describe('equipment_gap', () => {
  it.each([
    [
      'no scanner ever: gap from the first report',
      'scanner',
      [
        ['a', 0],
        ['a', 0],
      ],
      [['equipment_gap', 10, null]],
    ],
    [
      'scanner appears: gap closes then',
      'scanner',
      [
        ['a', 0],
        ['a', 1],
        ['a', 0],
      ],
      [['equipment_gap', 10, 20]],
    ],
    [
      'ever seen counts even when unplugged now',
      'fingerprint',
      [
        ['a', 1],
        ['a', 0],
      ],
      [],
    ],
    [
      'a second station brings the device',
      'scanner',
      [
        ['a', 0],
        ['b', 1],
      ],
      [['equipment_gap', 10, 20]],
    ],
  ] as const)('%s', (_name, category, reports, expected) => {
    const rounds = reports.map(([stationId, count], i) => ({
      t: (i + 1) * 10,
      stationId,
      count,
      category,
    }));
    expect(brief(fold(INITIAL_EQUIPMENT, rounds, stepEquipment).spans)).toEqual(expected);
  });

  it('follows the ward override of the requirement', () => {
    const p = { ...DEFAULT_POLICY, equipment: { ...DEFAULT_POLICY.equipment, fingerprint: 2 } };
    const rounds = [{ t: 10, stationId: 'a', count: 1, category: 'fingerprint' as const }];
    expect(brief(fold(INITIAL_EQUIPMENT, rounds, stepEquipment, p).spans)).toEqual([
      ['equipment_gap', 10, null],
    ]);
  });
});

describe('resource_saturated', () => {
  it.each([
    ['cpu spikes briefly', 'cpu', [99, 99, 10, 99, 10], []],
    [
      'cpu pinned 5 rounds, then recovers 3',
      'cpu',
      [50, 99, 99, 99, 99, 99, 40, 40, 40],
      [['resource_saturated', 20, 70]],
    ],
    ['disk full', 'disk', [96, 96, 96, 96, 96], [['resource_saturated', 10, null]]],
  ] as const)('%s', (_name, resource, pcts, expected) => {
    const rounds = pcts.map((pct, i) => ({ t: (i + 1) * 10, pct, resource }));
    expect(brief(fold(INITIAL_HYSTERESIS, rounds, stepSaturation).spans)).toEqual(expected);
  });
});

describe('session_unstable', () => {
  const p: DetectorPolicy = {
    ...DEFAULT_POLICY,
    session: { maxDrops: 3, windowMs: 1000, quietMs: 500 },
  };
  it('opens at the first of maxDrops drops within the window, closes when re-established and quiet', () => {
    const drops = [100, 300, 500, 700].map((t) => ({ t, reconnectMs: 20 }));
    const r = fold(INITIAL_SESSION, [...drops, { t: 2000, reconnectMs: 20 }], stepSession, p);
    expect(brief(r.spans)).toEqual([['session_unstable', 100, 720]]);
  });
  it('drops spread wider than the window are fine', () => {
    const drops = [0, 1200, 2400, 3600].map((t) => ({ t, reconnectMs: 5 }));
    expect(fold(INITIAL_SESSION, drops, stepSession, p).spans).toEqual([]);
  });
  it('finalize closes at the watermark without a new drop', () => {
    const drops = [100, 200, 300].map((t) => ({ t, reconnectMs: 10 }));
    const { state } = fold(INITIAL_SESSION, drops, stepSession, p);
    expect(finalizeSession(state, 700, p)).toEqual([]);
    expect(finalizeSession(state, 800, p)).toEqual([
      { type: 'close', kind: 'session_unstable', endedAt: 310 },
    ]);
  });
});
