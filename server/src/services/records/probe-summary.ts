import type { AgentRecord } from '@wardwatch/shared';

export interface ProbeSummary {
  /** Average RTT of the latest successful probe with RTT stats; null: none in this batch. */
  lastRttMs: number | null;
  /** Outcome of the latest probe; null: no probe in this batch. */
  lastProbeOk: boolean | null;
}

/** What a batch changes in a station's live view ("latest" by the agent's `at`). */
export function summarizeProbes(records: readonly AgentRecord[]): ProbeSummary {
  let latestAt = -Infinity;
  let latestRttAt = -Infinity;
  const summary: ProbeSummary = { lastRttMs: null, lastProbeOk: null };
  for (const r of records) {
    if (r.kind !== 'probe') continue;
    if (r.at >= latestAt) {
      latestAt = r.at;
      summary.lastProbeOk = r.ok;
    }
    if (r.ok && r.rttMs && r.at >= latestRttAt) {
      latestRttAt = r.at;
      summary.lastRttMs = r.rttMs.avg;
    }
  }
  return summary;
}
