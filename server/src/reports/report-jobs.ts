import { reportTable, toCsv, type ReportTable } from '@wardwatch/shared';
import { wardAvailability, type WardAvailability } from '../metrics/ward-availability.js';
import type { Actor, Logger, ServiceContext } from '../services/context.js';
import { evidenceReport, type EvidenceInputQuery } from '../services/reports/evidence-report.js';
import { renderEvidenceHtml } from '../services/reports/render-html.js';
import type { Store } from '../store/store.js';

/**
 * The heavy reads, as plain-data jobs: everything a job needs from the serving thread (the
 * actor, the time, which stations are connected) travels with it, so the same function runs
 * in the report worker (its own read-only connection) or, without one, in-process.
 */
interface JobBase {
  /** The serving thread's clock, so a report states the same "now" as the rest of the API. */
  now: number;
  /** Stations with an agent connected anywhere in the cluster (equipment "present now"). */
  online: readonly string[];
}

export interface EvidenceJob extends JobBase {
  actor: Actor;
  input: EvidenceInputQuery;
  /** `html` also feeds the PDF, which the serving thread prints with Chromium. */
  format: 'json' | 'csv' | 'html';
  table?: ReportTable;
}

export type AvailabilityJob = JobBase;

/** What the serving thread gets back: bodies already serialized, never the large object. */
export const reportJobs = {
  async evidence(store: Store, log: Logger, job: EvidenceJob): Promise<string> {
    const ctx = jobContext(store, log, job, job.actor);
    const { report, incidents } = await evidenceReport({ ctx, input: job.input });
    switch (job.format) {
      case 'json':
        return JSON.stringify(report);
      case 'csv':
        return toCsv(reportTable(report, job.table ?? 'wards', incidents));
      case 'html':
        return renderEvidenceHtml(report, incidents);
      default: {
        const never: never = job.format;
        throw new Error(`unknown format ${String(never)}`);
      }
    }
  },
  async availability(store: Store, log: Logger, job: AvailabilityJob): Promise<WardAvailability[]> {
    return wardAvailability(jobContext(store, log, job, null));
  },
};

export type ReportJobs = typeof reportJobs;
export type ReportJobKind = keyof ReportJobs;
export type JobOf<K extends ReportJobKind> = Parameters<ReportJobs[K]>[2];
export type ResultOf<K extends ReportJobKind> = Awaited<ReturnType<ReportJobs[K]>>;

/** Dispatch by kind (TypeScript cannot narrow `reportJobs[kind]` for a generic kind). */
export function runReportJob<K extends ReportJobKind>(
  store: Store,
  log: Logger,
  kind: K,
  job: JobOf<K>,
): Promise<ResultOf<K>> {
  const run = reportJobs[kind] as (s: Store, l: Logger, j: JobOf<K>) => Promise<ResultOf<K>>;
  return run(store, log, job);
}

// Reports only read: a job that tried to announce a change would be a bug, said loudly.
const refuse = (what: string) => () => {
  throw new Error(`a report job tried to change something (${what}): reports only read`);
};
const noEvents: ServiceContext['events'] = {
  targetsChanged: refuse('targets'),
  stationChanged: refuse('station'),
};

function jobContext(store: Store, log: Logger, job: JobBase, actor: Actor | null): ServiceContext {
  const online = new Set(job.online);
  return {
    store,
    log,
    clock: { now: () => job.now },
    actor,
    presence: { isOnline: (id) => online.has(id) },
    events: noEvents,
  };
}
