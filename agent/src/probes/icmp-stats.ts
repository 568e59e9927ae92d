import type { RttStats } from '@wardwatch/shared';

export interface EchoStats {
  sent: number;
  received: number;
  lossPct: number;
  rttMs?: RttStats;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Loss and RTT statistics from the per-echo times (iputils' mdev: population standard
 * deviation). The ping package's own summary fields are strings and locale-fragile.
 */
export function echoStats(timesMs: readonly number[], sent: number): EchoStats {
  const times = timesMs.filter((t) => Number.isFinite(t) && t >= 0);
  const s = Math.max(sent, times.length);
  const received = times.length;
  const lossPct = s === 0 ? 100 : round3(((s - received) / s) * 100);
  if (received === 0) return { sent: s, received, lossPct };
  const avg = times.reduce((a, b) => a + b, 0) / received;
  const variance = times.reduce((a, t) => a + (t - avg) ** 2, 0) / received;
  return {
    sent: s,
    received,
    lossPct,
    rttMs: {
      min: round3(Math.min(...times)),
      avg: round3(avg),
      max: round3(Math.max(...times)),
      mdev: round3(Math.sqrt(variance)),
    },
  };
}

/** Per-echo times from a ping result; accepts numbers or numeric strings, drops the rest. */
export function echoTimes(result: unknown): number[] {
  const times = (result as { times?: unknown } | null)?.times;
  if (!Array.isArray(times)) return [];
  return times
    .map((t) => (typeof t === 'number' ? t : typeof t === 'string' ? Number(t) : NaN))
    .filter((t) => Number.isFinite(t) && t >= 0);
}

/** Echo requests actually sent, from the raw output (iputils and Windows, English). */
export function transmittedCount(output: string): number | null {
  const linux = /(\d+) packets transmitted/.exec(output);
  if (linux) return Number(linux[1]);
  const win = /Sent = (\d+)/.exec(output);
  if (win) return Number(win[1]);
  return null;
}
