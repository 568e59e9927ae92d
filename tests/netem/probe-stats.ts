import type { ProbeRecord } from '@wardwatch/shared';

/** What a batch of probe records says about the link, pooled over all rounds. */
export interface LinkEstimate {
  rounds: number;
  okRounds: number;
  /** Echoes (icmp) or attempts (tcp/http, one per round). */
  sent: number;
  received: number;
  /** Pooled: 100·(sent − received)/sent. */
  lossPct: number;
  /** Median of the per-round RTT (`rttMs.avg`) over rounds that got an answer. */
  rttMedianMs: number;
  /** Mean of the per-echo RTTs (per-round averages weighted by echoes received). */
  rttMeanMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Pooled loss is Σlost/Σsent, not the mean of the per-round `lossPct`: ping keeps sending
 * until it has its 4 replies (or its deadline), so rounds with losses send more echoes, and
 * averaging per-round ratios would under-weight them.
 */
export function estimateLink(records: readonly ProbeRecord[]): LinkEstimate {
  let sent = 0;
  let received = 0;
  let weighted = 0;
  const rtts: number[] = [];
  for (const r of records) {
    const s = r.sent ?? 1;
    const got = r.received ?? (r.ok ? 1 : 0);
    sent += s;
    received += got;
    if (r.ok && r.rttMs && got > 0) {
      rtts.push(r.rttMs.avg);
      weighted += r.rttMs.avg * got;
    }
  }
  const answered = records.reduce((n, r) => n + (r.ok && r.rttMs ? (r.received ?? 1) : 0), 0);
  return {
    rounds: records.length,
    okRounds: records.filter((r) => r.ok).length,
    sent,
    received,
    lossPct: sent === 0 ? 100 : (100 * (sent - received)) / sent,
    rttMedianMs: median(rtts),
    rttMeanMs: answered === 0 ? NaN : weighted / answered,
  };
}

/** Round-trip loss of a link that drops `loss` of the packets in each direction. */
export const roundTripLossPct = (lossPerDirection: number) =>
  100 * (1 - (1 - lossPerDirection) ** 2);
