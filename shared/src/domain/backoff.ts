export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/**
 * Full-jitter exponential backoff: a delay drawn uniformly from [0, min(cap, base·2^attempt)].
 * `random` is injected (a value in [0, 1)) so the function stays pure and testable.
 */
export function nextBackoffMs(attempt: number, random: number, policy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random * ceiling);
}
