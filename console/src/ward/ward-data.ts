import type { SessionCause, Target } from '@wardwatch/shared';
import type { StoredRecordItem } from '../api/types.js';

/** The causes the catalog names; checked against the shared schema's union. */
export const SESSION_CAUSES = [
  'reset',
  'timeout',
  'iface_down',
  'server_close',
  'error',
] as const satisfies readonly SessionCause[];

export interface SessionDrop {
  stationId: string;
  session: 'server' | 'service';
  targetName: string | null;
  /** When the session ended (clock-corrected by the server's offset for the record). */
  endedAt: number;
  cause: SessionCause | null;
  reconnectMs: number | null;
}

/** The targets a ward's station probes: the global ones and the ward's own. */
export function wardTargets(targets: readonly Target[], wardId: string): Target[] {
  return targets.filter((t) => t.wardId === undefined || t.wardId === null || t.wardId === wardId);
}

/** `session` records as drops; `endedAt` is shifted by the record's clock correction (t − at). */
export function sessionDrops(
  records: readonly StoredRecordItem[],
  targets: readonly Target[],
): SessionDrop[] {
  const names = new Map(targets.map((t) => [t.id, t.name]));
  const drops: SessionDrop[] = [];
  for (const r of records) {
    if (r.kind !== 'session' || typeof r.endedAt !== 'number') continue;
    const offsetMs = r.t - r.at;
    const cause = SESSION_CAUSES.find((c) => c === r.cause) ?? null;
    const target = typeof r.target === 'string' ? r.target : null;
    drops.push({
      stationId: r.stationId,
      session: r.session === 'service' ? 'service' : 'server',
      targetName: target === null ? null : (names.get(target) ?? target),
      endedAt: r.endedAt + offsetMs,
      cause,
      reconnectMs: typeof r.reconnectMs === 'number' ? r.reconnectMs : null,
    });
  }
  return drops.sort((a, b) => a.endedAt - b.endedAt);
}

export interface DeviceLine {
  category: string;
  vendor: string;
  product: string;
}

/** The devices in a station's latest `peripherals` list, sorted by category then name. */
export function latestDevices(
  records: readonly StoredRecordItem[],
  stationId: string,
): DeviceLine[] | null {
  let latest: StoredRecordItem | null = null;
  for (const r of records) {
    if (r.kind !== 'peripherals' || r.stationId !== stationId) continue;
    if (!latest || r.t >= latest.t) latest = r;
  }
  if (!latest || !Array.isArray(latest.devices)) return null;
  return (latest.devices as Record<string, unknown>[])
    .map((d) => ({
      category: typeof d.category === 'string' ? d.category : 'other',
      vendor: typeof d.vendor === 'string' ? d.vendor : '',
      product: typeof d.product === 'string' ? d.product : '',
    }))
    .sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        `${a.vendor} ${a.product}`.localeCompare(`${b.vendor} ${b.product}`),
    );
}
