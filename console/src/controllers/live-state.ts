import type {
  ConsoleIncidentMessage,
  ConsoleLiveMessage,
  ConsoleMessage,
  Incident,
  IncidentChangeKind,
  StationView,
} from '@wardwatch/shared';

export type StationMap = ReadonlyMap<string, StationView>;
export type LiveMessage = ConsoleLiveMessage;

/**
 * Reads one `/ws/console` frame. The server validates what it sends; this only checks the
 * envelope (a full TypeBox validator would cost the bundle its compiler), and drops
 * anything else rather than throwing.
 */
export function parseConsoleMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const msg = value as Record<string, unknown>;
  if (msg.v !== 1 || typeof msg.serverTime !== 'number') return null;
  if (msg.type === 'snapshot' && Array.isArray(msg.stations) && msg.stations.every(isStation)) {
    return value as ConsoleMessage;
  }
  if (msg.type === 'station' && isStation(msg.station)) return value as ConsoleMessage;
  if (msg.type === 'incident' && isIncident(msg.incident)) return value as ConsoleIncidentMessage;
  return null;
}

function isIncident(value: unknown): value is Incident {
  if (typeof value !== 'object' || value === null) return false;
  const i = value as Record<string, unknown>;
  return (
    typeof i.id === 'number' &&
    typeof i.kind === 'string' &&
    typeof i.wardId === 'string' &&
    typeof i.startedAt === 'number'
  );
}

export type IncidentMap = ReadonlyMap<number, Incident>;

/** Open incidents after a change: an open one is upserted; closed or retracted, removed. */
export function applyIncident(
  open: IncidentMap,
  change: IncidentChangeKind,
  incident: Incident,
): IncidentMap {
  const next = new Map(open);
  if (incident.endedAt === null && change !== 'retracted') next.set(incident.id, incident);
  else next.delete(incident.id);
  return next;
}

/** The open incidents a snapshot carries (none from a server without a detector). */
export function snapshotIncidents(msg: ConsoleMessage): IncidentMap | null {
  if (msg.type !== 'snapshot' || !msg.openIncidents) return null;
  return new Map(msg.openIncidents.map((i) => [i.id, i]));
}

function isStation(value: unknown): value is StationView {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.id === 'string' &&
    typeof s.wardId === 'string' &&
    typeof s.hostname === 'string' &&
    typeof s.online === 'boolean'
  );
}

/** The station map after one message: a snapshot replaces it, a station update upserts one. */
export function applyConsoleMessage(stations: StationMap, msg: ConsoleMessage): StationMap {
  switch (msg.type) {
    case 'snapshot':
      return new Map(msg.stations.map((s) => [s.id, s]));
    case 'station': {
      const next = new Map(stations);
      next.set(msg.station.id, msg.station);
      return next;
    }
    default: {
      const unreachable: never = msg;
      return unreachable;
    }
  }
}
