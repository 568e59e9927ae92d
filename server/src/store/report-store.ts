import type {
  BucketAgg,
  DeviceCounts,
  OfficeCalendar,
  ReportIncident,
  StationSamples,
} from '@wardwatch/shared';

export interface StationDeviceRow {
  stationId: string;
  category: string;
  presentNow: number;
  everSeen: number;
  lastSeenAt: number | null;
}

export interface ReportIncidentRow extends ReportIncident {
  id: number;
}

/** Rollups, device inventory and retention (the reports' part of the storage port). */
export interface ReportStore {
  /** Merge 5-minute deltas (and their daily rows) and the stations' latest devices; one transaction. */
  applyRollups(r: {
    buckets: readonly BucketAgg[];
    devices: readonly { stationId: string; counts: DeviceCounts; at: number }[];
    calendar: OfficeCalendar;
    now: number;
  }): Promise<void>;
  /** Per-station sums over [from, to): daily rows for whole local days, 5-minute rows at the edges. */
  reportSamples(from: number, to: number, calendar: OfficeCalendar): Promise<StationSamples[]>;
  listStationDevices(): Promise<StationDeviceRow[]>;
  /** Incidents overlapping [from, to), lightweight (no evidence or detail). */
  listReportIncidents(from: number, to: number, wardId?: string): Promise<ReportIncidentRow[]>;
  /**
   * Retention, in small chunks: raw records by insertion order from `afterId` (returns the
   * last id scanned, or null when the chunk found nothing to delete), rollups and closed incidents by time.
   */
  pruneRecords(
    cutoff: number,
    afterId: number,
    limit: number,
  ): Promise<{ deleted: number; lastId: number | null }>;
  pruneRollups(cutoff5m: number, cutoffDaily: number, limit: number): Promise<number>;
  pruneIncidents(cutoff: number, limit: number): Promise<number>;
}
