import type { OfficeCalendar } from '../detector/calendar.js';
import { isOfficeHours, localDayStart } from '../detector/calendar.js';
import type { AgentRecord } from '../../protocol/records.js';
import { BUCKET_MS } from './evidence.js';
import { addToHistogram, mergeHistograms, type Histogram } from './histogram.js';

/** Counted peripheral categories (workstation presence is the station's own records). */
export const ROLLUP_DEVICE_CATEGORIES = ['fingerprint', 'scanner', 'card_reader'] as const;
export type RollupDeviceCategory = (typeof ROLLUP_DEVICE_CATEGORIES)[number];
export type DeviceCounts = Partial<Record<RollupDeviceCategory, number>>;

/**
 * What one 5-minute bucket of one station (target '') or one station × target holds.
 * Station rows: `records` (any record: the workstation was on), `drops`, `devices` (most
 * devices of each category seen connected in the bucket). Target rows: rounds, ok, hist.
 */
export interface BucketAgg {
  stationId: string;
  target: string;
  bucket: number;
  records: number;
  rounds: number;
  ok: number;
  hist: Histogram;
  drops: number;
  devices: DeviceCounts;
}

export const bucketKey = (stationId: string, target: string, bucket: number) =>
  `${stationId}\u0000${target}\u0000${bucket}`;

export const emptyBucket = (stationId: string, target: string, bucket: number): BucketAgg => ({
  stationId,
  target,
  bucket,
  records: 0,
  rounds: 0,
  ok: 0,
  hist: {},
  drops: 0,
  devices: {},
});

export function countDevices(record: Extract<AgentRecord, { kind: 'peripherals' }>): DeviceCounts {
  const out: DeviceCounts = {};
  for (const d of record.devices) {
    if (d.category === 'fingerprint' || d.category === 'scanner' || d.category === 'card_reader')
      out[d.category] = (out[d.category] ?? 0) + 1;
  }
  return out;
}

/**
 * Folds clock-corrected records of one station into 5-minute buckets (`into`, keyed by
 * `bucketKey`). `lastDevices` carries the station's latest peripheral counts across buckets
 * (agents send the full list only every 15 min), so every bucket with a record says which
 * devices were connected then. Session drops land in the bucket of their drop time.
 */
export function foldRecords(
  into: Map<string, BucketAgg>,
  stationId: string,
  offsetMs: number,
  records: readonly AgentRecord[],
  lastDevices: DeviceCounts,
): DeviceCounts {
  let devices = lastDevices;
  const at = (stationId2: string, target: string, t: number) => {
    const bucket = Math.floor(t / BUCKET_MS) * BUCKET_MS;
    const key = bucketKey(stationId2, target, bucket);
    let agg = into.get(key);
    if (!agg) {
      agg = emptyBucket(stationId2, target, bucket);
      into.set(key, agg);
    }
    return agg;
  };
  for (const rec of records) {
    const t = Math.max(0, Math.round(rec.at + offsetMs));
    const own = at(stationId, '', t);
    own.records++;
    switch (rec.kind) {
      case 'probe': {
        const tgt = at(stationId, rec.target, t);
        tgt.rounds++;
        if (rec.ok) {
          tgt.ok++;
          if (rec.rttMs) addToHistogram(tgt.hist, rec.rttMs.avg);
        }
        break;
      }
      case 'session':
        at(stationId, '', Math.max(0, Math.round(rec.endedAt + offsetMs))).drops++;
        break;
      case 'peripherals':
        devices = countDevices(rec);
        break;
      case 'sys':
      case 'iface':
      case 'event':
        break;
      default: {
        const never: never = rec;
        void never;
      }
    }
    for (const c of ROLLUP_DEVICE_CATEGORIES) {
      const n = devices[c] ?? 0;
      if (n > (own.devices[c] ?? 0)) own.devices[c] = n;
    }
  }
  return devices;
}

/** Merge a delta into a stored bucket (counts add, device maxima take the max). */
export function mergeBucket(stored: BucketAgg, delta: BucketAgg): BucketAgg {
  const devices: DeviceCounts = { ...stored.devices };
  for (const c of ROLLUP_DEVICE_CATEGORIES) {
    const n = Math.max(stored.devices[c] ?? 0, delta.devices[c] ?? 0);
    if (n > 0) devices[c] = n;
  }
  return {
    ...stored,
    records: stored.records + delta.records,
    rounds: stored.rounds + delta.rounds,
    ok: stored.ok + delta.ok,
    hist: mergeHistograms({ ...stored.hist }, delta.hist),
    drops: stored.drops + delta.drops,
    devices,
  };
}

/** A day row: the office-hour (office = 1) or other (office = 0) part of one local day. */
export interface DayAgg {
  stationId: string;
  target: string;
  day: number;
  office: 0 | 1;
  /** Buckets with at least one record. */
  buckets: number;
  rounds: number;
  ok: number;
  hist: Histogram;
  drops: number;
  /** Buckets with at least one device of the category connected. */
  deviceBuckets: DeviceCounts;
}

/**
 * What adding `delta` to a bucket that held `before` (null: new) adds to its day row. Bucket
 * counts change only when the bucket goes from empty to non-empty, so re-flushing a bucket
 * never counts it twice.
 */
export function dayDelta(
  cal: OfficeCalendar,
  before: BucketAgg | null,
  after: BucketAgg,
  delta: BucketAgg,
): DayAgg {
  const deviceBuckets: DeviceCounts = {};
  for (const c of ROLLUP_DEVICE_CATEGORIES) {
    if ((after.devices[c] ?? 0) > 0 && (before?.devices[c] ?? 0) === 0) deviceBuckets[c] = 1;
  }
  return {
    stationId: after.stationId,
    target: after.target,
    day: localDayStart(cal, after.bucket),
    office: isOfficeHours(cal, after.bucket) ? 1 : 0,
    buckets: after.records > 0 && (before?.records ?? 0) === 0 ? 1 : 0,
    rounds: delta.rounds,
    ok: delta.ok,
    hist: delta.hist,
    drops: delta.drops,
    deviceBuckets,
  };
}
