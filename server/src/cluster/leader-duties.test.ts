import { describe, expect, it } from 'vitest';
import { LeaderDuties, type Duty } from './leader-duties.js';

const log = { info() {}, warn() {}, error() {} };

function recorder(failStartOf: string | null = null) {
  const calls: string[] = [];
  const duty = (name: string): Duty => ({
    start: async () => {
      await Promise.resolve();
      if (name === failStartOf) throw new Error(`${name} cannot start`);
      calls.push(`start ${name}`);
    },
    stop: () => {
      calls.push(`stop ${name}`);
    },
  });
  return {
    calls,
    create: () => ({ detector: duty('detector'), rollups: duty('rollups'), feed: duty('feed') }),
  };
}

describe('LeaderDuties', () => {
  it('starts a fresh set in order on each term and stops it in reverse', async () => {
    const r = recorder();
    const duties = new LeaderDuties({ log, create: r.create });
    await duties.lead(true);
    expect(duties.current).not.toBeNull();
    await duties.lead(true); // already leading: nothing new
    await duties.lead(false);
    expect(duties.current).toBeNull();
    await duties.lead(true);
    expect(duties.terms).toBe(2);
    expect(r.calls).toEqual([
      'start detector',
      'start rollups',
      'start feed',
      'stop feed',
      'stop rollups',
      'stop detector',
      'start detector',
      'start rollups',
      'start feed',
    ]);
  });

  it('runs changes one after another even when called without waiting', async () => {
    const r = recorder();
    const duties = new LeaderDuties({ log, create: r.create });
    void duties.lead(true);
    await duties.lead(false);
    expect(r.calls.slice(-1)).toEqual(['stop detector']);
    expect(duties.current).toBeNull();
  });

  it('stops what started and rejects when a duty cannot start, and can lead later', async () => {
    const r = recorder('feed');
    const duties = new LeaderDuties({ log, create: r.create });
    await expect(duties.lead(true)).rejects.toThrow('feed cannot start');
    expect(duties.current).toBeNull();
    expect(r.calls).toEqual(['start detector', 'start rollups', 'stop rollups', 'stop detector']);
    await duties.lead(false);
    expect(duties.terms).toBe(0);
  });
});
