import type { Incident, IncidentsQuery } from '@wardwatch/shared';

export type {
  Attribution,
  Incident,
  IncidentDetail,
  IncidentKind,
  IncidentList,
  Severity,
  TimelineEntry,
} from '@wardwatch/shared';
export { ATTRIBUTIONS, INCIDENT_KINDS, SEVERITIES } from '@wardwatch/shared';

/** The fields lists, tiles and the officer view use (the rest is for the detail page). */
export type IncidentItem = Pick<
  Incident,
  'id' | 'kind' | 'wardId' | 'startedAt' | 'endedAt' | 'attribution' | 'severity' | 'acknowledged'
> &
  Partial<Pick<Incident, 'stationId' | 'target' | 'category'>>;

export type IncidentQuery = IncidentsQuery;

/**
 * A record as `GET /api/v1/records` returns it: the agent's fields plus station and times
 * (the shared StoredRecordSchema allows the record's own fields beside these).
 */
export interface StoredRecordItem {
  stationId: string;
  kind: string;
  at: number;
  t: number;
  [field: string]: unknown;
}
