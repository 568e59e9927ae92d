import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ on Linux

/** utime+stime (seconds) and RSS (bytes) of a live process, from /proc. Null once it is gone. */
export function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime is field 14, stime 15 (1-based).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSec = (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSec, rssBytes: rssKb * 1024, peakRssBytes: hwmKb * 1024 };
  } catch {
    return null;
  }
}

/**
 * Samples a process every `everyMs`: CPU % of one core between samples, RSS. `mark()` starts
 * the measured window (e.g. after warm-up); `summary()` covers samples since the mark.
 */
export function startSampler(pid, everyMs = 1000) {
  const samples = [];
  let prev = readProc(pid);
  let prevAt = performance.now();
  let markIndex = 0;
  const timer = setInterval(() => {
    const cur = readProc(pid);
    const at = performance.now();
    if (cur && prev) {
      const cpuPct = (100 * (cur.cpuSec - prev.cpuSec)) / ((at - prevAt) / 1000);
      samples.push({
        at: Date.now(),
        cpuPct,
        rssBytes: cur.rssBytes,
        peakRssBytes: cur.peakRssBytes,
      });
    }
    prev = cur;
    prevAt = at;
  }, everyMs);
  timer.unref();
  return {
    mark() {
      markIndex = samples.length;
    },
    stop() {
      clearInterval(timer);
    },
    samples: () => samples.slice(markIndex),
    summary() {
      const s = samples.slice(markIndex);
      if (s.length === 0)
        return { cpuPctAvg: null, cpuPctMax: null, rssMiBAvg: null, rssMiBMax: null };
      const mib = (b) => b / 1024 / 1024;
      return {
        cpuPctAvg: s.reduce((a, x) => a + x.cpuPct, 0) / s.length,
        cpuPctMax: Math.max(...s.map((x) => x.cpuPct)),
        rssMiBAvg: mib(s.reduce((a, x) => a + x.rssBytes, 0) / s.length),
        rssMiBMax: mib(Math.max(...s.map((x) => x.rssBytes))),
        peakRssMiB: mib(Math.max(...s.map((x) => x.peakRssBytes))),
      };
    },
  };
}
