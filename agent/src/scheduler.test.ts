import { describe, expect, it } from 'vitest';
import type { ProbeRecord, Target } from '@wardwatch/shared';
import type { ProbeStrategy } from './probes/probe.js';
import { Scheduler, firstDelayMs, nextDelayMs } from './scheduler.js';

describe('jitter', () => {
  it.each([0, 0.25, 0.5, 0.999999])('nextDelayMs stays within ±10 %% (random %d)', (r) => {
    const d = nextDelayMs(10_000, r);
    expect(d).toBeGreaterThanOrEqual(9000);
    expect(d).toBeLessThanOrEqual(11_000);
  });
  it('spans the whole band', () => {
    expect(nextDelayMs(10_000, 0)).toBe(9000);
    expect(nextDelayMs(10_000, 1)).toBe(11_000);
  });
  it('first round within 2 s', () => {
    expect(firstDelayMs(60_000, 0.999)).toBeLessThanOrEqual(2000);
    expect(firstDelayMs(1000, 0.5)).toBe(500);
  });
});

const t = (id: string, over: Partial<Target> = {}): Target => ({
  id,
  name: id,
  probe: 'tcp',
  host: '127.0.0.1',
  port: 1,
  intervalMs: 1000,
  ...over,
});

describe('Scheduler', () => {
  it('runs each target in its own loop without overlapping rounds, and reconfigures', async () => {
    const records: ProbeRecord[] = [];
    let running = 0;
    let maxRunning = 0;
    const slow: ProbeStrategy = () => ({
      async run() {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        return { status: 'up' };
      },
    });
    const s = new Scheduler({
      strategyFor: () => slow,
      deps: { findPing: () => null },
      emit: (r) => records.push(r),
      random: () => 0,
    });
    // intervalMs is the schema minimum; random 0 → first round at once, then every 900 ms.
    s.start([t('a')]);
    await expect.poll(() => records.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
    expect(records.every((r) => r.target === 'a' && r.ok)).toBe(true);

    s.setTargets([t('b')]);
    const before = records.length;
    await expect
      .poll(() => records.slice(before).some((r) => r.target === 'b'), { timeout: 3000 })
      .toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(records.slice(before + 1).some((r) => r.target === 'a')).toBe(false);
    s.stop();
    const after = records.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(records.length).toBe(after);
  });

  it('a crashing strategy becomes an ok:false record', async () => {
    const records: ProbeRecord[] = [];
    const s = new Scheduler({
      strategyFor: () => () => ({ run: () => Promise.reject(new Error('boom')) }),
      deps: { findPing: () => null },
      emit: (r) => records.push(r),
      random: () => 0,
    });
    s.start([t('x')]);
    await expect.poll(() => records.length, { timeout: 2000 }).toBeGreaterThanOrEqual(1);
    s.stop();
    expect(records[0]).toMatchObject({ ok: false, error: 'probe_crashed' });
  });
});
