import { describe, expect, it } from 'vitest';
import { channelName } from './pg-names.js';

describe('channelName', () => {
  it('names the channel after the schema', () => {
    expect(channelName('ww_prod')).toBe('wardwatch_ww_prod');
    expect(channelName(null)).toBe('wardwatch_public');
  });

  it('hashes a schema too long for an identifier, keeping names distinct', () => {
    const a = channelName('a'.repeat(63));
    const b = channelName(`${'a'.repeat(62)}b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^wardwatch_[0-9a-f]{40}$/);
    expect(a).not.toBe(b);
  });
});
