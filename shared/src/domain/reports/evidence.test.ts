import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, isOfficeHours, officeIntervals } from '../detector/calendar.js';
import {
  windowCovers,
  windowOccurrences,
  type MaintenanceWindow,
} from '../detector/maintenance.js';
import { computeEvidence, type ReportIncident } from './evidence.js';
import { measure } from './intervals.js';
import { evidenceNarrative } from './narrative.js';
import { reportTable, toCsv } from './tables.js';

const H = 3_600_000;
/** Local (UTC+7) wall time → epoch ms. */
const L = (m: number, d: number, h = 0, mi = 0) => Date.UTC(2026, m - 1, d, h - 7, mi);
const FROM = L(10, 1);
const TO = L(11, 1);

describe('officeIntervals', () => {
  it('is the interval form of isOfficeHours (every minute of a month agrees)', () => {
    const set = officeIntervals(DEFAULT_CALENDAR, FROM, TO);
    let i = 0;
    for (let t = FROM; t < TO; t += 60_000) {
      while (i < set.length && (set[i] as [number, number])[1] <= t) i++;
      const inside = i < set.length && (set[i] as [number, number])[0] <= t;
      if (inside !== isOfficeHours(DEFAULT_CALENDAR, t)) throw new Error(`disagree at ${t}`);
    }
    expect(measure(set)).toBe(198.5 * H);
  });
  it('skips holidays and clips to the period', () => {
    const cal = { ...DEFAULT_CALENDAR, holidays: ['2026-10-05'] };
    expect(measure(officeIntervals(cal, L(10, 5), L(10, 6)))).toBe(0);
    expect(officeIntervals(DEFAULT_CALENDAR, L(10, 6, 10), L(10, 6, 14))).toEqual([
      [L(10, 6, 10), L(10, 6, 11, 30)],
      [L(10, 6, 13, 30), L(10, 6, 14)],
    ]);
  });
});

describe('windowOccurrences', () => {
  const w: MaintenanceWindow = {
    id: 1,
    name: 'nightly',
    startsAt: L(9, 28, 23),
    endsAt: L(9, 29, 1),
    recurrence: 'daily',
    until: L(10, 3, 0),
    wardId: null,
    target: null,
  };
  it('lists recurring occurrences clipped to the period and stops at until', () => {
    expect(windowOccurrences(w, FROM, TO)).toEqual([
      [FROM, L(10, 1, 1)],
      [L(10, 1, 23), L(10, 2, 1)],
      [L(10, 2, 23), L(10, 3, 0)],
    ]);
  });
  it('agrees with windowCovers minute by minute', () => {
    const occ = windowOccurrences(w, L(9, 27), L(10, 5));
    for (let t = L(9, 27); t < L(10, 5); t += 60_000) {
      const inside = occ.some(([s, e]) => t >= s && t < e);
      if (inside !== windowCovers(w, t)) throw new Error(`disagree at ${t}`);
    }
    expect(occ.length).toBe(5);
  });
});

describe('computeEvidence', () => {
  const base = {
    from: FROM,
    to: TO,
    now: L(11, 3),
    calendar: DEFAULT_CALENDAR,
    maintenance: [],
    wards: [{ id: 'a', name: 'Phường A', targets: ['nat', 'vpn'], stations: ['s'] }],
    samples: [],
    equipment: [],
  };
  const down = (
    target: string,
    s: number,
    e: number | null,
    attribution: ReportIncident['attribution'] = 'upstream',
  ): ReportIncident => ({
    kind: 'link_down',
    wardId: 'a',
    stationId: 's',
    target,
    startedAt: s,
    endedAt: e,
    attribution,
  });

  it('counts a lunch-break incident only in office time, and overlapping targets once for the ward', () => {
    const f = computeEvidence({
      ...base,
      incidents: [
        down('nat', L(10, 15, 11), L(10, 15, 14)),
        down('vpn', L(10, 15, 13), L(10, 15, 15)),
      ],
    });
    const w = f.wards[0];
    expect(w?.targets.map((t) => t.downtimeMs)).toEqual([
      { officeHours: 1 * H, allHours: 3 * H },
      { officeHours: 1.5 * H, allHours: 2 * H },
    ]);
    // union 11:00–15:00: office 11:00–11:30 + 13:30–15:00 = 2 h
    expect(w?.downtimeMs).toEqual({ officeHours: 2 * H, allHours: 4 * H });
    expect(w?.outages).toBe(1);
  });

  it('an open incident runs to min(now, to); one before the period is ignored', () => {
    const f = computeEvidence({
      ...base,
      now: L(10, 31, 11, 15),
      incidents: [down('nat', L(10, 31, 11), null), down('nat', L(9, 1), L(9, 2))],
    });
    expect(f.wards[0]?.downtimeMs).toEqual({ officeHours: 0.25 * H, allHours: 0.25 * H });
    expect(f.wards[0]?.incidents.total).toBe(1);
  });

  it('a flapping link counts the down runs it held back, ongoing one included', () => {
    // 08:00–11:00 on Oct 6: down 1.5 min in every 6 (30 runs, 45 min); one link_degraded.
    const runs = Array.from({ length: 30 }, (_, k): [number, number] => [
      L(10, 6, 8, 6 * k),
      L(10, 6, 8, 6 * k) + 90_000,
    ]);
    const flapping: ReportIncident = {
      kind: 'link_degraded',
      wardId: 'a',
      stationId: 's',
      target: 'nat',
      startedAt: L(10, 6, 8),
      endedAt: L(10, 6, 11),
      attribution: 'local_link',
      downSpans: runs,
    };
    const f = computeEvidence({ ...base, incidents: [flapping] });
    const w = f.wards[0];
    expect(w?.downtimeMs).toEqual({ officeHours: 45 * 60_000, allHours: 45 * 60_000 });
    expect(w?.outages).toBe(30);
    expect(w?.longestDowntimeMs).toBe(90_000);
    expect(w?.targets.find((t) => t.target === 'nat')?.downtimeMs.allHours).toBe(45 * 60_000);
    expect(w?.incidents.total).toBe(1);
    // Its downtime has its incident's cause.
    expect(f.city.causes).toMatchObject({ localMs: 45 * 60_000, upstreamMs: 0, otherMs: 0 });

    // Still flapping, down since 10:58 at now = 11:00: the run under way counts to now.
    const open = computeEvidence({
      ...base,
      now: L(10, 6, 11),
      incidents: [
        { ...flapping, endedAt: null, downSpans: [...runs.slice(0, 29), [L(10, 6, 10, 58), null]] },
      ],
    });
    expect(open.wards[0]?.downtimeMs.allHours).toBe(29 * 90_000 + 2 * 60_000);
  });

  it('a target-specific window excludes that target only', () => {
    const f = computeEvidence({
      ...base,
      maintenance: [
        {
          id: 1,
          name: 'vpn',
          startsAt: L(10, 5, 8),
          endsAt: L(10, 5, 9),
          recurrence: 'none',
          until: null,
          wardId: null,
          target: 'vpn',
        },
      ],
      incidents: [down('vpn', L(10, 5, 8), L(10, 5, 9)), down('nat', L(10, 5, 8, 30), L(10, 5, 9))],
    });
    const w = f.wards[0];
    expect(w?.targets.find((t) => t.target === 'vpn')?.downtimeMs.officeHours).toBe(0);
    expect(w?.targets.find((t) => t.target === 'vpn')?.plannedDowntimeMs.officeHours).toBe(1 * H);
    expect(w?.downtimeMs.officeHours).toBe(0.5 * H);
  });

  it('produces a narrative and CSV tables from the same figures', () => {
    const f = computeEvidence({ ...base, incidents: [down('nat', L(10, 5, 9), L(10, 5, 10))] });
    const n = evidenceNarrative(f);
    expect(n.vi).toContain('tổng thời gian 1 giờ 00 phút');
    expect(n.en).toContain('1 h 00 min in total');
    const csv = toCsv(reportTable(f, 'wards'));
    expect(csv.startsWith('\uFEFFward_id,ward_name')).toBe(true);
    expect(csv.split('\r\n')[1]).toContain('a,Phường A,');
  });
});
