import { describe, expect, it } from 'vitest';
import { attributeIncident, severityOf, type FaultSpan } from './attribution.js';
import type { MaintenanceWindow } from './maintenance.js';
import { DEFAULT_POLICY } from './policy.js';

const MIN = 60_000;
const down = (
  wardId: string,
  target: string,
  startedAt: number,
  endedAt: number | null = null,
): FaultSpan => ({
  wardId,
  stationId: `st-${wardId}`,
  target,
  kind: 'link_down',
  startedAt,
  endedAt,
});

interface Case {
  incident: FaultSpan;
  faults: FaultSpan[];
  wardTargets?: string[];
  windows?: MaintenanceWindow[];
}

function attribute({ incident, faults, wardTargets = ['csdlqg', 'vneid'], windows = [] }: Case) {
  return attributeIncident({
    incident,
    sameTarget: faults.filter((f) => f.kind === incident.kind && f.target === incident.target),
    gatewayFaults: (w) => faults.filter((f) => f.wardId === w && f.target === 'gateway'),
    wardLinkFaults: faults.filter((f) => f.wardId === incident.wardId),
    wardTargets,
    windows,
    policy: DEFAULT_POLICY.attribution,
  });
}

const window: MaintenanceWindow = {
  id: 3,
  name: 'upgrade',
  startsAt: 0,
  endsAt: 30 * MIN,
  recurrence: 'none',
  until: null,
  wardId: null,
  target: 'csdlqg',
};
const csdlqgAt = (wards: string[], t = 10 * MIN) =>
  wards.map((w) => down(w, 'csdlqg', t + wards.indexOf(w) * 1000));

describe('attributeIncident', () => {
  it.each<[string, Case, string]>([
    [
      'same target down at 3 wards, gateways up → upstream',
      { incident: down('a', 'csdlqg', 10 * MIN), faults: csdlqgAt(['a', 'b', 'c']) },
      'upstream',
    ],
    [
      'only 2 wards → unknown',
      { incident: down('a', 'csdlqg', 10 * MIN), faults: csdlqgAt(['a', 'b']) },
      'unknown',
    ],
    [
      'peers whose gateways are down do not count',
      {
        incident: down('a', 'csdlqg', 10 * MIN),
        faults: [
          ...csdlqgAt(['a', 'b', 'c']),
          down('b', 'gateway', 10 * MIN),
          down('c', 'gateway', 10 * MIN),
        ],
      },
      'unknown',
    ],
    [
      'non-overlapping peers do not count',
      {
        incident: down('a', 'csdlqg', 10 * MIN, 12 * MIN),
        faults: [
          down('a', 'csdlqg', 10 * MIN, 12 * MIN),
          down('b', 'csdlqg', 20 * MIN),
          down('c', 'csdlqg', 30 * MIN),
        ],
      },
      'unknown',
    ],
    [
      'the gateway itself → local_link',
      { incident: down('a', 'gateway', 10 * MIN), faults: [down('a', 'gateway', 10 * MIN)] },
      'local_link',
    ],
    [
      'own gateway down within the coincidence window → local_link',
      {
        incident: down('a', 'csdlqg', 10 * MIN),
        faults: [...csdlqgAt(['a', 'b', 'c']), down('a', 'gateway', 10 * MIN + 20_000)],
      },
      'local_link',
    ],
    [
      'every target of the ward down (gateway answers) → local_link',
      {
        incident: down('a', 'csdlqg', 10 * MIN),
        faults: [down('a', 'csdlqg', 10 * MIN), down('a', 'vneid', 10 * MIN + 5000)],
      },
      'local_link',
    ],
    [
      'inside a maintenance window for the target → planned',
      {
        incident: down('a', 'csdlqg', 10 * MIN),
        faults: csdlqgAt(['a', 'b', 'c']),
        windows: [window],
      },
      'planned',
    ],
    [
      'a window for another ward does not apply',
      {
        incident: down('a', 'csdlqg', 10 * MIN),
        faults: csdlqgAt(['a', 'b', 'c']),
        windows: [{ ...window, wardId: 'z' }],
      },
      'upstream',
    ],
    [
      'silent station, links fine at last contact → station_down',
      {
        incident: {
          wardId: 'a',
          stationId: 'st-a',
          kind: 'station_offline',
          startedAt: 20 * MIN,
          endedAt: null,
          detail: { lastContactAt: 20 * MIN - 10_000 },
        },
        faults: [down('a', 'csdlqg', 5 * MIN, 6 * MIN)],
      },
      'station_down',
    ],
    [
      'silent station whose gateway was failing at last contact → local_link',
      {
        incident: {
          wardId: 'a',
          stationId: 'st-a',
          kind: 'station_offline',
          startedAt: 20 * MIN,
          endedAt: null,
          detail: { lastContactAt: 20 * MIN - 10_000 },
        },
        faults: [down('a', 'gateway', 19 * MIN)],
      },
      'local_link',
    ],
    [
      'a missing device → workstation',
      {
        incident: { wardId: 'a', kind: 'peripheral_missing', startedAt: 0, endedAt: null },
        faults: [],
      },
      'workstation',
    ],
  ])('%s', (_name, c, expected) => {
    expect(attribute(c).attribution).toBe(expected);
  });

  it('upstream evidence lists the wards and the target', () => {
    const r = attribute({
      incident: down('b', 'csdlqg', 10 * MIN),
      faults: csdlqgAt(['c', 'a', 'b', 'd']),
    });
    expect(r.evidence).toEqual({
      target: 'csdlqg',
      wardCount: 4,
      wards: ['a', 'b', 'c', 'd'],
      gatewaysUp: true,
    });
  });

  it.each([
    ['link_down', 'upstream', 'critical'],
    ['station_offline', 'station_down', 'critical'],
    ['link_down', 'planned', 'info'],
    ['peripheral_missing', 'workstation', 'warning'],
    ['equipment_gap', 'workstation', 'info'],
  ] as const)('severity of %s/%s is %s', (kind, attribution, severity) => {
    expect(severityOf(kind, attribution)).toBe(severity);
  });
});
