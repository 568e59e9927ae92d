import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../protocol/records.js';
import { DEFAULT_CALENDAR } from '../detector/calendar.js';
import { DetectorEngine, type TimedRecord } from '../detector/engine.js';
import { heldDownSpans } from '../detector/link.js';
import { computeEvidence, type ReportIncident } from './evidence.js';

// A line that is down 1.5 min in every 6 for 3 h (45 min down) flaps: the detector keeps
// one link_degraded instead of 30 link_downs. Its downtime must still reach the report
// (DESIGN §4: availability from incidents); it once came out as 7.5 min, 95.8 % available.
const T0 = Date.UTC(2026, 10, 30, 1, 0, 0); // Monday 08:00 in Quảng Ngãi
const MIN = 60_000;
const INTERVAL = 10_000;

function flappingLine(hours: number): TimedRecord[] {
  const out: TimedRecord[] = [];
  for (let t = T0; t < T0 + hours * 60 * MIN; t += INTERVAL) {
    const down = (t - T0) % (6 * MIN) < 1.5 * MIN;
    const record: AgentRecord = down
      ? {
          kind: 'probe',
          at: t,
          target: 'vneid',
          probe: 'icmp',
          ok: false,
          sent: 4,
          received: 0,
          lossPct: 100,
        }
      : {
          kind: 'probe',
          at: t,
          target: 'vneid',
          probe: 'icmp',
          ok: true,
          lossPct: 0,
          rttMs: { min: 9, avg: 10, max: 11, mdev: 1 },
        };
    out.push({ t, record });
  }
  return out;
}

describe('a flapping line in the evidence report', () => {
  it('counts every down run of the storm: 45 min of 3 h, 30 outages', () => {
    const engine = new DetectorEngine({
      settings: {},
      targets: [{ id: 'vneid', intervalMs: INTERVAL }],
    });
    const records = flappingLine(3);
    for (let i = 0; i < records.length; i += 6) engine.ingest('st', 'w', records.slice(i, i + 6));
    engine.settle();
    const incidents = engine.incidents();
    const kinds = incidents.map((i) => i.kind);
    // The storm is suppressed: a few link_downs before it was called flapping, then one.
    expect(kinds.filter((k) => k === 'link_degraded')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'link_down').length).toBeLessThan(6);

    const forReport: ReportIncident[] = incidents.map((i) => {
      const held = heldDownSpans(i.detail);
      return {
        kind: i.kind,
        wardId: i.wardId,
        target: i.target as string,
        startedAt: i.startedAt,
        endedAt: i.endedAt,
        attribution: i.attribution,
        ...(held.length > 0 && { downSpans: held }),
      };
    });
    const end = T0 + 3 * 60 * MIN;
    const f = computeEvidence({
      from: T0,
      to: end,
      now: end,
      calendar: DEFAULT_CALENDAR,
      maintenance: [],
      wards: [{ id: 'w', name: 'Phường W', targets: ['vneid'], stations: ['st'] }],
      samples: [],
      equipment: [],
      incidents: forReport,
    });
    const w = f.wards[0];
    // Exact to the probe interval: each run from its first bad round to its first good one.
    expect(w?.downtimeMs.allHours).toBe(30 * 1.5 * MIN);
    expect(w?.outages).toBe(30);
    expect(w?.availability.allHours).toBeCloseTo(0.75, 10);
  });
});
