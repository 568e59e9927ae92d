import { describe, expect, it } from 'vitest';
import { RemotePresence } from './presence-table.js';

const T0 = 1_700_000_000_000;
const on = (stationId: string, lastContactAt = T0) => ({
  stationId,
  wardId: 'w1',
  online: true,
  lastContactAt,
});
const off = (stationId: string) => ({ ...on(stationId), online: false });

describe('RemotePresence', () => {
  it('is online from an announcement until the same instance says offline', () => {
    const p = new RemotePresence();
    expect(p.isOnline('s1')).toBe(false);
    p.apply('a', on('s1'), T0);
    expect(p.isOnline('s1')).toBe(true);
    p.apply('a', off('s1'), T0 + 1);
    expect(p.isOnline('s1')).toBe(false);
    expect(p.size).toBe(0);
  });

  it('keeps a station that moved online when the old instance reports it gone late', () => {
    const p = new RemotePresence();
    p.apply('a', on('s1'), T0);
    p.apply('b', on('s1'), T0 + 10);
    p.apply('a', off('s1'), T0 + 20);
    expect(p.isOnline('s1')).toBe(true);
    p.apply('b', off('s1'), T0 + 30);
    expect(p.isOnline('s1')).toBe(false);
  });

  it('ignores an offline from an instance that never listed the station', () => {
    const p = new RemotePresence();
    p.apply('b', on('s1'), T0);
    p.apply('a', off('s1'), T0);
    expect(p.isOnline('s1')).toBe(true);
  });

  it('counts a re-announcement once', () => {
    const p = new RemotePresence();
    p.apply('a', on('s1'), T0);
    p.apply('a', on('s1', T0 + 5), T0 + 5);
    p.apply('a', off('s1'), T0 + 6);
    expect(p.isOnline('s1')).toBe(false);
  });

  it.each([
    {
      name: 'refreshed within the ttl stays',
      refreshAt: T0 + 9_000,
      checkAt: T0 + 20_000,
      gone: 0,
    },
    { name: 'silent past the ttl expires', refreshAt: null, checkAt: T0 + 15_001, gone: 1 },
    { name: 'exactly at the ttl stays', refreshAt: null, checkAt: T0 + 15_000, gone: 0 },
  ])('expiry: $name', ({ refreshAt, checkAt, gone }) => {
    const p = new RemotePresence();
    p.apply('a', on('s1', T0 - 300), T0);
    if (refreshAt !== null) p.apply('a', on('s1', refreshAt - 200), refreshAt);
    const expired = p.expire(checkAt, 15_000);
    expect(expired).toHaveLength(gone);
    expect(p.isOnline('s1')).toBe(gone === 0);
    if (gone) {
      expect(expired[0]).toMatchObject({
        instanceId: 'a',
        stationId: 's1',
        lastContactAt: T0 - 300,
      });
    }
  });

  it('expires one dead instance’s entries and keeps a live one’s for the same station', () => {
    const p = new RemotePresence();
    p.apply('a', on('s1'), T0);
    p.apply('a', on('s2'), T0);
    p.apply('b', on('s1'), T0 + 10_000);
    const expired = p.expire(T0 + 16_000, 15_000);
    expect(expired.map((e) => `${e.instanceId}:${e.stationId}`).sort()).toEqual(['a:s1', 'a:s2']);
    expect(p.isOnline('s1')).toBe(true);
    expect(p.isOnline('s2')).toBe(false);
  });
});
