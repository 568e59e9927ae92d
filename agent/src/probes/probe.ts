import type { ProbeRecord, RttStats, Target } from '@wardwatch/shared';

/** What one probe round found. "Down" is an outcome, never an exception. */
export type ProbeOutcome =
  | {
      status: 'up';
      rttMs?: RttStats;
      sent?: number;
      received?: number;
      lossPct?: number;
      timings?: ProbeRecord['timings'];
      httpStatus?: number;
      certDaysLeft?: number;
    }
  | {
      status: 'down';
      reason: string;
      sent?: number;
      received?: number;
      lossPct?: number;
      rttMs?: RttStats;
      timings?: ProbeRecord['timings'];
      httpStatus?: number;
      certDaysLeft?: number;
    }
  | { status: 'error'; error: string };

export interface ProbeDeps {
  /** Absolute path of the `ping` binary, or null when there is none. */
  findPing: () => string | null;
  /** Extra CA certificates (PEM) trusted by http and session probes, e.g. a pinned CA. */
  tlsCa?: string[];
}

export interface ProbeRun {
  run(signal: AbortSignal): Promise<ProbeOutcome>;
}

export type ProbeStrategy = (target: Target, deps: ProbeDeps) => ProbeRun;

/** Only the keys that are set, so records carry no `undefined` fields. */
export function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export function toProbeRecord(target: Target, outcome: ProbeOutcome, at: number): ProbeRecord {
  const base: ProbeRecord = {
    kind: 'probe',
    at,
    target: target.id,
    probe: target.probe,
    ok: false,
  };
  switch (outcome.status) {
    case 'up':
      return {
        ...base,
        ok: true,
        ...pick(outcome, ['rttMs', 'sent', 'received', 'lossPct', 'timings', 'certDaysLeft']),
        ...(outcome.httpStatus !== undefined && { status: outcome.httpStatus }),
      };
    case 'down':
      return {
        ...base,
        ...pick(outcome, ['sent', 'received', 'lossPct', 'rttMs', 'timings', 'certDaysLeft']),
        ...(outcome.httpStatus !== undefined && { status: outcome.httpStatus }),
        error: outcome.reason.slice(0, 256),
      };
    case 'error':
      return { ...base, error: outcome.error.slice(0, 256) };
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** Rejects with `reason` after `ms` or when `signal` aborts; the timer never holds the process. */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  signal: AbortSignal,
  onTimeout: () => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      resolve(onTimeout());
    };
    const timer = setTimeout(abort, ms);
    timer.unref();
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        done();
        resolve(v);
      },
      (e: unknown) => {
        done();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
