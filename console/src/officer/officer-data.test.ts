import type { StationView } from '@wardwatch/shared';
import { describe, expect, it } from 'vitest';
import type { IncidentItem } from '../api/types.js';
import type { EquipmentCell } from '../equipment/equipment-data.js';
import { officerStatus } from './officer-data.js';

const T0 = Date.UTC(2024, 0, 1);
const station = (online: boolean, lastProbeOk: boolean | null = online): StationView => ({
  id: 's1',
  wardId: 'a',
  hostname: 'pc',
  online,
  lastSeenAt: T0,
  lastRttMs: 10,
  lastProbeOk,
});
const incident = (
  kind: IncidentItem['kind'],
  attribution: IncidentItem['attribution'] = 'local_link',
): IncidentItem => ({
  id: 1,
  kind,
  wardId: 'a',
  startedAt: T0,
  endedAt: null,
  attribution,
  severity: 'critical',
  acknowledged: false,
});
const cell = (category: EquipmentCell['category'], presentNow: number, everSeen: number) => ({
  wardId: 'a',
  category,
  required: 1,
  presentNow,
  everSeen,
  lastSeenAt: everSeen > 0 ? T0 : null,
});
const allDevices = [cell('fingerprint', 1, 1), cell('scanner', 1, 1), cell('card_reader', 1, 1)];

describe('officerStatus', () => {
  it.each([
    ['all fine', [station(true)], [], 'ok', ['all_good']],
    ['no station', [], [], 'no_station', ['call_it']],
    ['PC silent', [station(false)], [], 'down', ['check_power']],
    ['local line down', [station(true)], [incident('link_down')], 'down', ['check_cable']],
    [
      'central system down',
      [station(true)],
      [incident('link_down', 'upstream')],
      'central',
      ['wait_central'],
    ],
    ['slow line', [station(true)], [incident('link_degraded')], 'slow', ['line_slow']],
    ['last round failed', [station(true, false)], [], 'down', ['check_cable']],
  ] as const)('%s', (_name, stations, incidents, line, advice) => {
    const status = officerStatus(stations, incidents, allDevices);
    expect(status.line).toBe(line);
    expect(status.advice).toEqual(advice);
  });

  it('says to plug a missing device and to ask for one never seen', () => {
    const status = officerStatus(
      [station(true)],
      [],
      [cell('fingerprint', 0, 1), cell('card_reader', 1, 1)],
    );
    expect(status.devices.map((d) => [d.category, d.state])).toEqual([
      ['fingerprint', 'missing'],
      ['scanner', 'gap'],
      ['card_reader', 'present'],
    ]);
    expect(status.advice).toEqual(['plug_device', 'request_device']);
  });
});
