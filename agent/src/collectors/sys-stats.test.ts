import { describe, expect, it } from 'vitest';
import { cpuPctBetween, parseMeminfo, sumCpuTimes } from './sys-stats.js';
import { sampleSys } from './sys.js';

const MEMINFO = `MemTotal:       16304560 kB
MemFree:         1000000 kB
MemAvailable:    8152280 kB
Buffers:          200000 kB
`;

describe('sys stats', () => {
  it('memory used = total − available', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({
      totalBytes: 16304560 * 1024,
      usedBytes: (16304560 - 8152280) * 1024,
    });
    expect(parseMeminfo('nothing')).toBeNull();
  });

  it('cpu % from deltas of summed core times', () => {
    const a = sumCpuTimes([{ times: { user: 100, nice: 0, sys: 0, idle: 900, irq: 0 } }]);
    const b = sumCpuTimes([{ times: { user: 350, nice: 0, sys: 0, idle: 1650, irq: 0 } }]);
    expect(cpuPctBetween(a, b)).toBe(25);
    expect(cpuPctBetween(a, a)).toBe(0);
  });

  it('samples this machine into a valid sys record', async () => {
    const { record } = await sampleSys(null, 1000);
    expect(record.kind).toBe('sys');
    expect(record.memTotalBytes).toBeGreaterThan(0);
    expect(record.cpuPct).toBeGreaterThanOrEqual(0);
    expect(record.cpuPct).toBeLessThanOrEqual(100);
    expect(record.disks.length).toBeGreaterThan(0);
  });
});
