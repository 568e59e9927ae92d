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

/** Echo requests actually sent, from the summary (iputils; Windows in any display language). */
export function transmittedCount(output: string): number | null {
  const linux = /(\d+) packets transmitted/.exec(output);
  if (linux) return Number(linux[1]);
  // ping.exe's packet line, whatever the language: "<label> = 4, <label> = 4, <label> = 0 (".
  const win = /^[^\n=]*=\s*(\d+),[^\n=]*=\s*(\d+),[^\n=]*=\s*(\d+)\s*\(/m.exec(output);
  if (win) return Number(win[1]);
  return null;
}

export interface PingOutput {
  /** Round-trip time of every real echo reply, in output order. */
  timesMs: number[];
  /** Requests sent, from the summary; null when the output has none. */
  sent: number | null;
  /** "Destination host unreachable" lines: lost echoes, whatever ping.exe's summary says. */
  unreachable: number;
  timeouts: number;
  unknownHost: boolean;
}

// A reply line carries exactly one `=<n>ms` / `=<n> ms` / `<1ms`; summary lines carry three.
const TIME = /[=<]\s*(\d+(?:[.,]\d+)?)\s*ms\b/gi;
const UNREACHABLE = /unreachable|không thể truy cập/i;
const ERROR_REPLY = /\d{1,3}(?:\.\d{1,3}){3}:\s+\S/;
const TIMED_OUT = /timed out|hết thời gian chờ/i;
const UNKNOWN_HOST =
  /could not find host|không tìm thấy máy chủ|name or service not known|unknown host|temporary failure in name resolution/i;

/**
 * Per-echo parse of ping output (iputils; ping.exe in English or Vietnamese). Reply lines are
 * recognised by their single time field rather than by localized words, and the ping
 * package's own summary (locale-fragile, counts unreachable replies as received) is unused.
 */
export function parsePingOutput(output: string): PingOutput {
  const timesMs: number[] = [];
  let unreachable = 0;
  let timeouts = 0;
  for (const line of output.split(/\r?\n/)) {
    if (UNREACHABLE.test(line)) {
      unreachable += 1;
      continue;
    }
    const matches = [...line.matchAll(TIME)];
    // "<label> 10.0.0.20: <text>" without a time: an ICMP error reply (unreachable) in any
    // language, even when the console code page garbled the words.
    if (matches.length === 0 && ERROR_REPLY.test(line)) {
      unreachable += 1;
      continue;
    }
    if (TIMED_OUT.test(line)) {
      timeouts += 1;
      continue;
    }
    if (/DUP!/.test(line)) continue;
    if (matches.length !== 1) continue;
    const m = matches[0] as RegExpMatchArray;
    const value = Number((m[1] as string).replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    // "time<1ms": below the resolution of ping.exe; half a millisecond is the midpoint.
    timesMs.push(m[0].startsWith('<') ? 0.5 : value);
  }
  return {
    timesMs,
    sent: transmittedCount(output),
    unreachable,
    timeouts,
    unknownHost: UNKNOWN_HOST.test(output),
  };
}
