import type { Target } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import type { StoredRecordItem } from '../api/types.js';
import { latestDevices, sessionDrops, wardTargets } from './ward-data.js';

const T0 = Date.UTC(2024, 0, 1);
const target = (id: string, wardId?: string): Target =>
  ({
    id,
    name: `Target ${id}`,
    probe: 'tcp',
    host: '127.0.0.1',
    port: 1,
    intervalMs: 1000,
    ...(wardId && { wardId }),
  }) as Target;

describe('wardTargets', () => {
  it('keeps global targets and the ward’s own', () => {
    const all = [target('a'), target('b', 'w1'), target('c', 'w2')];
    expect(wardTargets(all, 'w1').map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('sessionDrops', () => {
  it('reads session records, corrects their clock and names their target', () => {
    const records: StoredRecordItem[] = [
      {
        stationId: 's',
        kind: 'session',
        at: T0 + 10,
        t: T0 + 1010,
        session: 'service',
        target: 'a',
        startedAt: T0 - 5000,
        endedAt: T0,
        cause: 'reset',
        reconnectMs: 2500,
      },
      {
        stationId: 's',
        kind: 'session',
        at: T0,
        t: T0,
        session: 'server',
        startedAt: T0 - 9000,
        endedAt: T0 - 100,
        cause: 'weird',
      },
      { stationId: 's', kind: 'probe', at: T0, t: T0 },
    ];
    expect(sessionDrops(records, [target('a')])).toEqual([
      {
        stationId: 's',
        session: 'server',
        targetName: null,
        endedAt: T0 - 100,
        cause: null,
        reconnectMs: null,
      },
      {
        stationId: 's',
        session: 'service',
        targetName: 'Target a',
        endedAt: T0 + 1000,
        cause: 'reset',
        reconnectMs: 2500,
      },
    ]);
  });
});

describe('latestDevices', () => {
  it('lists the latest peripherals of the station, sorted', () => {
    const rec = (t: number, devices: unknown[]): StoredRecordItem => ({
      stationId: 's',
      kind: 'peripherals',
      at: t,
      t,
      devices,
    });
    const records = [
      rec(T0, [{ category: 'scanner', vendor: 'X', product: 'Old' }]),
      rec(T0 + 1, [
        { category: 'fingerprint', vendor: 'B', product: 'F' },
        { category: 'card_reader', vendor: 'A', product: 'C' },
      ]),
    ];
    expect(latestDevices(records, 's')?.map((d) => d.category)).toEqual([
      'card_reader',
      'fingerprint',
    ]);
    expect(latestDevices(records, 'other')).toBeNull();
  });
});
