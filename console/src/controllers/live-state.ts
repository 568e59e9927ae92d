import type { ConsoleMessage, StationView } from '@wardwatch/shared';

export type StationMap = ReadonlyMap<string, StationView>;

/**
 * Reads one `/ws/console` frame. The server validates what it sends; this only checks the
 * envelope (a full TypeBox validator would cost the bundle its compiler), and drops
 * anything else rather than throwing.
 */
export function parseConsoleMessage(text: string): ConsoleMessage | null {
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
  return null;
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
