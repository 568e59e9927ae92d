import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const policy = {
  maxFailures: 3,
  accountMaxFailures: 6,
  lockMs: 60_000,
  perIp: { ratePerSec: 1, burst: 50 },
};

describe('LoginThrottle', () => {
  it('locks a username at one address after repeated failures there, until the lock expires', () => {
    const t = new LoginThrottle(policy);
    for (let i = 0; i < 2; i++) {
      expect(t.check('ann', 'ip-bad', 0).allowed).toBe(true);
      expect(t.failed('ann', 'ip-bad', 0)).toBe(false);
    }
    expect(t.failed('ann', 'ip-bad', 0)).toBe(true);
    expect(t.check('ann', 'ip-bad', 1000)).toMatchObject({ allowed: false, reason: 'locked' });
    // The owner at their own desk is not locked out by someone else's guessing.
    expect(t.check('ann', 'ip-desk', 1000).allowed).toBe(true);
    expect(t.check('bob', 'ip-bad', 1000).allowed).toBe(true);
    expect(t.check('ann', 'ip-bad', 60_001).allowed).toBe(true);
  });

  it('locks the account everywhere when guessing is spread over many addresses', () => {
    const t = new LoginThrottle(policy);
    for (let i = 0; i < 5; i++) expect(t.failed('ann', `ip${i}`, 0)).toBe(false);
    expect(t.failed('ann', 'ip5', 0)).toBe(true);
    expect(t.check('ann', 'ip-desk', 1000)).toMatchObject({ allowed: false, reason: 'locked' });
    expect(t.check('ann', 'ip-desk', 60_001).allowed).toBe(true);
  });

  it('a success clears the failure counts', () => {
    const t = new LoginThrottle(policy);
    t.failed('ann', 'ip', 0);
    t.failed('ann', 'ip', 0);
    t.succeeded('ann', 'ip');
    expect(t.failed('ann', 'ip', 0)).toBe(false);
  });

  it('limits attempts per address whatever the username', () => {
    const t = new LoginThrottle(policy);
    for (let i = 0; i < 50; i++) expect(t.check(`u${i}`, '10.0.0.1', 0).allowed).toBe(true);
    expect(t.check('u9', '10.0.0.1', 0)).toMatchObject({ allowed: false, reason: 'ip_rate' });
    expect(t.check('u9', '10.0.0.2', 0).allowed).toBe(true);
    expect(t.check('u9', '10.0.0.1', 1000).allowed).toBe(true);
  });
});
