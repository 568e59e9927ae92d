import {
  fullBucket,
  takeToken,
  type TokenBucket,
  type TokenBucketPolicy,
} from '../../ingest/rate-limit.js';

export interface LoginThrottlePolicy {
  /** Consecutive failures of one username that lock it. */
  maxFailures: number;
  lockMs: number;
  /** Login attempts (good or bad) per client address. */
  perIp: TokenBucketPolicy;
}

export const LOGIN_POLICY: LoginThrottlePolicy = {
  maxFailures: 5,
  lockMs: 15 * 60_000,
  // Generous: behind a reverse proxy many users share one address; lockout is the main guard.
  perIp: { ratePerSec: 2, burst: 100 },
};

interface UserState {
  failures: number;
  lockedUntil: number;
}

export type ThrottleVerdict =
  { allowed: true } | { allowed: false; reason: 'ip_rate' | 'locked'; retryAfterMs: number };

/**
 * In memory on purpose: a restart clearing it is acceptable, and a disk write per failed
 * login would hand an attacker a cheap write amplifier. Maps are pruned as they grow.
 */
export class LoginThrottle {
  private readonly users = new Map<string, UserState>();
  private readonly ips = new Map<string, TokenBucket>();
  private readonly policy: LoginThrottlePolicy;

  constructor(policy: LoginThrottlePolicy = LOGIN_POLICY) {
    this.policy = policy;
  }

  /** Call before checking the password; takes one attempt from the address's budget. */
  check(username: string, ip: string, now: number): ThrottleVerdict {
    const user = this.users.get(username);
    if (user && user.lockedUntil > now) {
      return { allowed: false, reason: 'locked', retryAfterMs: user.lockedUntil - now };
    }
    const taken = takeToken(
      this.ips.get(ip) ?? fullBucket(this.policy.perIp, now),
      now,
      this.policy.perIp,
    );
    this.ips.set(ip, taken.bucket);
    if (!taken.allowed) {
      return {
        allowed: false,
        reason: 'ip_rate',
        retryAfterMs: Math.ceil(1000 / this.policy.perIp.ratePerSec),
      };
    }
    return { allowed: true };
  }

  /** Returns true when this failure locked the username. */
  failed(username: string, now: number): boolean {
    const user = this.users.get(username) ?? { failures: 0, lockedUntil: 0 };
    user.failures += 1;
    let locked = false;
    if (user.failures >= this.policy.maxFailures) {
      user.lockedUntil = now + this.policy.lockMs;
      user.failures = 0;
      locked = true;
    }
    this.users.set(username, user);
    this.prune(now);
    return locked;
  }

  succeeded(username: string): void {
    this.users.delete(username);
  }

  private prune(now: number): void {
    if (this.users.size < 10_000 && this.ips.size < 10_000) return;
    for (const [k, v] of this.users) if (v.lockedUntil <= now) this.users.delete(k);
    const full = this.policy.perIp.burst;
    for (const [k, v] of this.ips) if (v.tokens >= full - 1) this.ips.delete(k);
  }
}
