export interface TokenBucketPolicy {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Most tokens held at once (the allowed burst). */
  burst: number;
}

export interface TokenBucket {
  tokens: number;
  updatedAt: number;
}

/** Per-connection frame budget: generous enough for an outbox replay, stops a runaway agent. */
export const AGENT_FRAME_POLICY: TokenBucketPolicy = { ratePerSec: 200, burst: 400 };

export const fullBucket = (policy: TokenBucketPolicy, now: number): TokenBucket => ({
  tokens: policy.burst,
  updatedAt: now,
});

/** Refill by elapsed time, then take one token if there is one. */
export function takeToken(
  bucket: TokenBucket,
  now: number,
  policy: TokenBucketPolicy,
): { bucket: TokenBucket; allowed: boolean } {
  const elapsedMs = Math.max(0, now - bucket.updatedAt);
  const tokens = Math.min(policy.burst, bucket.tokens + (elapsedMs * policy.ratePerSec) / 1000);
  if (tokens < 1) return { bucket: { tokens, updatedAt: now }, allowed: false };
  return { bucket: { tokens: tokens - 1, updatedAt: now }, allowed: true };
}
