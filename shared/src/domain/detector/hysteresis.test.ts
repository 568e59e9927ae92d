import { describe, expect, it } from 'vitest';
import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisEvent } from './hysteresis.js';

/** Feed a string of rounds ('x' bad, '.' good) at t = 10, 20, …; collect events. */
function run(rounds: string, openAfter: number, closeAfter: number): HysteresisEvent[] {
  let state = INITIAL_HYSTERESIS;
  const events: HysteresisEvent[] = [];
  [...rounds].forEach((c, i) => {
    const r = stepHysteresis(state, (i + 1) * 10, c === 'x', { openAfter, closeAfter });
    state = r.state;
    if (r.event) events.push(r.event);
  });
  return events;
}

describe('stepHysteresis', () => {
  it.each([
    ['all good', '......', 3, 2, []],
    ['two bad rounds are not enough', '..xx..', 3, 2, []],
    ['three bad rounds open at the first', '..xxx.', 3, 2, [{ type: 'open', startedAt: 30 }]],
    [
      'closes at the first good round of the closing run',
      '.xxx..x',
      3,
      2,
      [
        { type: 'open', startedAt: 20 },
        { type: 'close', endedAt: 50 },
      ],
    ],
    [
      'a single good round inside an outage does not close',
      'xxx.xx..',
      3,
      2,
      [
        { type: 'open', startedAt: 10 },
        { type: 'close', endedAt: 70 },
      ],
    ],
    ['a broken bad run restarts the count', 'xx.xx.xxx', 3, 1, [{ type: 'open', startedAt: 70 }]],
    [
      'openAfter 1 opens at once',
      '.x.',
      1,
      1,
      [
        { type: 'open', startedAt: 20 },
        { type: 'close', endedAt: 30 },
      ],
    ],
  ] as const)('%s', (_name, rounds, openAfter, closeAfter, expected) => {
    expect(run(rounds, openAfter, closeAfter)).toEqual(expected);
  });
});
