import { describe, expect, it } from 'vitest';
import type { Target } from '@wardwatch/shared';
import { isPoweredOff, synthesizePeripherals, synthesizeProbe } from './model.js';
import { createRandom } from './prng.js';
import { activeFaults, isActive, type Scenario } from './scenario.js';

const AT = 1_764_000_000_000;
const csdlqg: Target = {
  id: 'csdlqg',
  name: 'CSDLQG',
  probe: 'icmp',
  host: '127.0.0.1',
  intervalMs: 10_000,
};
const gateway: Target = {
  id: 'gateway',
  name: 'Gateway',
  probe: 'icmp',
  host: '127.0.0.1',
  intervalMs: 2000,
};
const scenario: Scenario = {
  name: 't',
  faults: [
    { kind: 'upstream_outage', target: 'csdlqg', startMin: 10, durationMin: 5 },
    { kind: 'line_down', wardIds: ['tinh-thien'], startMin: 0, durationMin: 1, everyMin: 4 },
    { kind: 'unplug', wardId: 'chanh-lo', category: 'fingerprint', startMin: 2, durationMin: 3 },
    { kind: 'power_off', wardIds: ['tinh-ky'], startMin: 20, durationMin: 10 },
  ],
};

describe('isActive', () => {
  it.each([
    [{ startMin: 10, durationMin: 5 }, 9.99, false],
    [{ startMin: 10, durationMin: 5 }, 10, true],
    [{ startMin: 10, durationMin: 5 }, 14.99, true],
    [{ startMin: 10, durationMin: 5 }, 15, false],
    [{ startMin: 0, durationMin: 1, everyMin: 4 }, 4.5, true],
    [{ startMin: 0, durationMin: 1, everyMin: 4 }, 5.5, false],
  ])('%o at minute %f → %s', (timing, minute, expected) => {
    expect(isActive({ kind: 'power_off', wardIds: [], ...timing }, minute)).toBe(expected);
  });
});

describe('synthesized city', () => {
  const station = { stationId: 'st_a', wardId: 'tran-phu' };

  it('fails the upstream target at every ward during its outage, and nothing else', () => {
    const random = createRandom(1);
    expect(synthesizeProbe(station, csdlqg, AT, 12, scenario, random)).toMatchObject({
      ok: false,
      lossPct: 100,
    });
    expect(synthesizeProbe(station, gateway, AT, 12, scenario, random).ok).toBe(true);
    expect(synthesizeProbe(station, csdlqg, AT, 16, scenario, random).ok).toBe(true);
  });

  it('fails every target of a ward whose line is down', () => {
    const flapping = { stationId: 'st_b', wardId: 'tinh-thien' };
    const random = createRandom(2);
    expect(synthesizeProbe(flapping, gateway, AT, 0.5, scenario, random).ok).toBe(false);
    expect(synthesizeProbe(flapping, gateway, AT, 2, scenario, random).ok).toBe(true);
  });

  it('gives consistent RTT statistics', () => {
    const random = createRandom(3);
    for (let i = 0; i < 200; i++) {
      const r = synthesizeProbe(station, csdlqg, AT, 1, scenario, random);
      if (!r.ok || !r.rttMs) continue;
      expect(r.rttMs.min).toBeLessThanOrEqual(r.rttMs.avg);
      expect(r.rttMs.avg).toBeLessThanOrEqual(r.rttMs.max);
      expect(r.rttMs.avg).toBeGreaterThan(0);
      expect(r.received).toBeLessThanOrEqual(r.sent ?? 0);
    }
  });

  it('is the same for the same seed', () => {
    const a = synthesizeProbe(station, csdlqg, AT, 1, scenario, createRandom(42));
    const b = synthesizeProbe(station, csdlqg, AT, 1, scenario, createRandom(42));
    expect(a).toEqual(b);
  });

  it('has a fingerprint and a card reader but no scanner, and drops an unplugged reader', () => {
    const chanhLo = { stationId: 'st_c', wardId: 'chanh-lo' };
    const before = synthesizePeripherals(chanhLo, AT, 1, scenario).devices.map((d) => d.category);
    const during = synthesizePeripherals(chanhLo, AT, 3, scenario).devices.map((d) => d.category);
    expect(before.sort()).toEqual(['card_reader', 'fingerprint']);
    expect(during).toEqual(['card_reader']);
  });

  it('switches a PC off only in its window', () => {
    expect(isPoweredOff(scenario, 'tinh-ky', 25)).toBe(true);
    expect(isPoweredOff(scenario, 'tinh-ky', 31)).toBe(false);
    expect(activeFaults(scenario, 'tran-phu', 25)).toEqual([]);
  });
});
