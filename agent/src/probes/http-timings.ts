import type { ProbeRecord } from '@wardwatch/shared';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Monotonic marks (performance.now()) taken during one request; absent ones did not happen. */
export interface RequestMarks {
  start: number;
  lookup?: number;
  connect?: number;
  secureConnect?: number;
  firstByte?: number;
}

/** Phase durations in ms: each phase from the end of the previous one. */
export function phaseTimings(m: RequestMarks): NonNullable<ProbeRecord['timings']> {
  const out: NonNullable<ProbeRecord['timings']> = {};
  let prev = m.start;
  if (m.lookup !== undefined) {
    out.dnsMs = round3(m.lookup - prev);
    prev = m.lookup;
  }
  if (m.connect !== undefined) {
    out.connectMs = round3(Math.max(0, m.connect - prev));
    prev = m.connect;
  }
  if (m.secureConnect !== undefined) {
    out.tlsMs = round3(Math.max(0, m.secureConnect - prev));
    prev = m.secureConnect;
  }
  if (m.firstByte !== undefined) out.firstByteMs = round3(Math.max(0, m.firstByte - prev));
  return out;
}

/** Whole days until `validTo` (a certificate's `valid_to` text); negative once expired. */
export function certDaysLeft(validTo: string | undefined, now: number): number | undefined {
  if (!validTo) return undefined;
  const t = Date.parse(validTo);
  if (!Number.isFinite(t)) return undefined;
  return Math.floor((t - now) / 86_400_000);
}

/** Expected status given, else any 2xx or 3xx (redirects are not followed). */
export function statusOk(status: number, expected?: number): boolean {
  return expected !== undefined ? status === expected : status >= 200 && status < 400;
}
