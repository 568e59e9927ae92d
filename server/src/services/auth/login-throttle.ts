import {
  fullBucket,
  takeToken,
  type TokenBucket,
  type TokenBucketPolicy,
} from '../../ingest/rate-limit.js';

export interface LoginThrottlePolicy {
  /** Consecutive failures of one username from one address that lock that pair. */
  maxFailures: number;
  /**
   * Failures of one username from all addresses together that lock the account everywhere
   * (guessing spread over many addresses). Higher than `maxFailures`, so one hostile address
   * cannot lock the admin out of their own desk.
   */
  accountMaxFailures: number;
  lockMs: number;
  /** Login attempts (good or bad) per client address. */
  perIp: TokenBucketPolicy;
}

export const LOGIN_POLICY: LoginThrottlePolicy = {
  maxFailures: 5,
  accountMaxFailures: 50,
  lockMs: 15 * 60_000,
  // Generous: behind NAT (or a proxy not listed in `trustProxy`) many users share one address;
  // lockout is the main guard.
  perIp: { ratePerSec: 2, burst: 100 },
};

interface UserState {
  failures: number;
  lockedUntil: number;
}

const pairKey = (username: string, ip: string) => `${username}\u0000${ip}`;

export type ThrottleVerdict =
  { allowed: true } | { allowed: false; reason: 'ip_rate' | 'locked'; retryAfterMs: number };

/**
 * In memory on purpose: a restart clearing it is acceptable, and a disk write per failed
 * login would hand an attacker a cheap write amplifier. Maps are pruned as they grow.
 */
export class LoginThrottle {
  /** Per username + address, and per username (key: the username alone). */
  private readonly users = new Map<string, UserState>();
  private readonly ips = new Map<string, TokenBucket>();
  private readonly policy: LoginThrottlePolicy;

  constructor(policy: LoginThrottlePolicy = LOGIN_POLICY) {
    this.policy = policy;
  }

  /** Call before checking the password; takes one attempt from the address's budget. */
  check(username: string, ip: string, now: number): ThrottleVerdict {
    for (const key of [pairKey(username, ip), username]) {
      const state = this.users.get(key);
      if (state && state.lockedUntil > now) {
        return { allowed: false, reason: 'locked', retryAfterMs: state.lockedUntil - now };
      }
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

  /** Returns true when this failure locked the username (from this address, or everywhere). */
  failed(username: string, ip: string, now: number): boolean {
    const pair = this.count(pairKey(username, ip), this.policy.maxFailures, now);
    const account = this.count(username, this.policy.accountMaxFailures, now);
    this.prune(now);
    return pair || account;
  }

  /** The user got in from this address: its count starts again (the account-wide one too). */
  succeeded(username: string, ip: string): void {
    this.users.delete(pairKey(username, ip));
    this.users.delete(username);
  }

  private count(key: string, max: number, now: number): boolean {
    const state = this.users.get(key) ?? { failures: 0, lockedUntil: 0 };
    state.failures += 1;
    const locked = state.failures >= max;
    if (locked) {
      state.lockedUntil = now + this.policy.lockMs;
      state.failures = 0;
    }
    this.users.set(key, state);
    return locked;
  }

  private prune(now: number): void {
    if (this.users.size < 10_000 && this.ips.size < 10_000) return;
    for (const [k, v] of this.users) if (v.lockedUntil <= now) this.users.delete(k);
    const full = this.policy.perIp.burst;
    for (const [k, v] of this.ips) if (v.tokens >= full - 1) this.ips.delete(k);
  }
}
