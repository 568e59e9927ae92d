export interface CpuTimes {
  idle: number;
  total: number;
}

/** Sum of all cores' times (ms) as os.cpus() reports them. */
export function sumCpuTimes(
  cpus: ReadonlyArray<{
    times: { user: number; nice: number; sys: number; idle: number; irq: number };
  }>,
): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const c of cpus) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}

/** Busy share between two samples, 0–100; 0 when no time passed. */
export function cpuPctBetween(prev: CpuTimes, next: CpuTimes): number {
  const total = next.total - prev.total;
  if (total <= 0) return 0;
  const busy = total - (next.idle - prev.idle);
  return Math.min(100, Math.max(0, Math.round((busy / total) * 1000) / 10));
}

/** Used/total bytes from /proc/meminfo (used = MemTotal − MemAvailable). */
export function parseMeminfo(text: string): { totalBytes: number; usedBytes: number } | null {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable') ?? kb('MemFree');
  if (total === null || available === null) return null;
  return { totalBytes: total, usedBytes: Math.max(0, total - available) };
}
