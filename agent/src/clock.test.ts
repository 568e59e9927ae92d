import { describe, expect, it } from 'vitest';
import type { EventRecord } from '@wardwatch/shared';
import { ClockWatch, clockJumpMs, type ClockSample } from './clock.js';

const AT = 1_764_000_000_000;
describe('clockJumpMs', () => {
  it.each([
    [{ wallMs: AT, monoMs: 0 }, { wallMs: AT + 5000, monoMs: 5000 }, null],
    [{ wallMs: AT, monoMs: 0 }, { wallMs: AT + 6900, monoMs: 5000 }, null], // 1.9 s: a late timer, not a jump
    [{ wallMs: AT, monoMs: 0 }, { wallMs: AT + 3_605_000, monoMs: 5000 }, 3_600_000],
    [{ wallMs: AT, monoMs: 0 }, { wallMs: AT - 115_000, monoMs: 5000 }, -120_000],
    [{ wallMs: AT, monoMs: 100 }, { wallMs: AT + 2501, monoMs: 500 }, 2101],
  ])('%j → %j = %s', (a, b, expected) => expect(clockJumpMs(a, b)).toBe(expected));

  it('ClockWatch emits a clock_jump event with deltaMs', () => {
    const samples: ClockSample[] = [
      { wallMs: AT, monoMs: 0 },
      { wallMs: AT + 5000, monoMs: 5000 },
      { wallMs: AT - 3_600_000 + 10_000, monoMs: 10_000 },
      { wallMs: AT - 3_600_000 + 15_000, monoMs: 15_000 },
    ];
    const events: EventRecord[] = [];
    const w = new ClockWatch({
      emit: (e) => events.push(e),
      sample: () => samples.shift() as ClockSample,
    });
    w.start();
    w.tick();
    w.tick();
    w.tick();
    w.stop();
    expect(events).toHaveLength(1);
    expect(events[0]?.name).toBe('clock_jump');
    expect(JSON.parse(events[0]?.detail ?? '{}')).toMatchObject({ deltaMs: -3_600_000 });
  });
});
