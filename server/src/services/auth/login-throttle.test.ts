import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const policy = { maxFailures: 3, lockMs: 60_000, perIp: { ratePerSec: 1, burst: 5 } };

describe('LoginThrottle', () => {
  it('locks a username after repeated failures, until the lock expires', () => {
    const t = new LoginThrottle(policy);
    for (let i = 0; i < 2; i++) {
      expect(t.check('ann', `ip${i}`, 0).allowed).toBe(true);
      expect(t.failed('ann', 0)).toBe(false);
    }
    expect(t.failed('ann', 0)).toBe(true);
    expect(t.check('ann', 'other-ip', 1000)).toMatchObject({ allowed: false, reason: 'locked' });
    expect(t.check('bob', 'other-ip', 1000).allowed).toBe(true);
    expect(t.check('ann', 'other-ip', 60_001).allowed).toBe(true);
  });

  it('a success clears the failure count', () => {
    const t = new LoginThrottle(policy);
    t.failed('ann', 0);
    t.failed('ann', 0);
    t.succeeded('ann');
    expect(t.failed('ann', 0)).toBe(false);
  });

  it('limits attempts per address whatever the username', () => {
    const t = new LoginThrottle(policy);
    for (let i = 0; i < 5; i++) expect(t.check(`u${i}`, '10.0.0.1', 0).allowed).toBe(true);
    expect(t.check('u9', '10.0.0.1', 0)).toMatchObject({ allowed: false, reason: 'ip_rate' });
    expect(t.check('u9', '10.0.0.2', 0).allowed).toBe(true);
    expect(t.check('u9', '10.0.0.1', 1000).allowed).toBe(true);
  });
});
