import {
  EQUIPMENT_CATEGORIES,
  groupBy,
  resolvePolicy,
  type EquipmentList,
  type EquipmentNow,
} from '@wardwatch/shared';
import { loadDetectorSettings } from '../../detector/detector-shell.js';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall, ServiceContext } from '../context.js';

/**
 * Required vs present now vs ever seen, per ward and category. Workstations are the ward's
 * stations (now: connected agents); devices are summed over the ward's stations. Grouped
 * once, so 1,000 wards × 10,000 stations stay linear (it runs on every equipment poll).
 */
export async function equipmentMatrix(
  ctx: ServiceContext,
  wardIds: readonly string[],
): Promise<EquipmentNow[]> {
  const settings = await loadDetectorSettings(ctx.store);
  const stations = await ctx.store.listStations();
  const devices = await ctx.store.listStationDevices();
  const stationsOf = groupBy(stations, (s) => s.wardId);
  const wardOf = new Map(stations.map((s) => [s.id, s.wardId] as const));
  const devicesOf = groupBy(devices, (d) => `${wardOf.get(d.stationId)}\u0000${d.category}`);
  const latest = (times: readonly (number | null)[]): number | null => {
    const seen = times.filter((t): t is number => t !== null);
    return seen.length ? Math.max(...seen) : null;
  };
  const out: EquipmentNow[] = [];
  for (const wardId of wardIds) {
    const required = resolvePolicy(settings, wardId).equipment;
    const own = stationsOf.get(wardId) ?? [];
    for (const category of EQUIPMENT_CATEGORIES) {
      if (category === 'workstation') {
        out.push({
          wardId,
          category,
          required: required.workstation,
          presentNow: own.filter((s) => ctx.presence.isOnline(s.id)).length,
          everSeen: own.filter((s) => s.lastSeenAt !== null).length,
          lastSeenAt: latest(own.map((s) => s.lastSeenAt)),
        });
        continue;
      }
      const rows = devicesOf.get(`${wardId}\u0000${category}`) ?? [];
      out.push({
        wardId,
        category,
        required: required[category],
        presentNow: rows.reduce((n, d) => n + d.presentNow, 0),
        everSeen: rows.reduce((n, d) => n + d.everSeen, 0),
        lastSeenAt: latest(rows.map((d) => d.lastSeenAt)),
      });
    }
  }
  return out;
}

export async function listEquipment({ ctx }: ServiceCall<void>): Promise<EquipmentList> {
  const scope = wardScope(requireActor(ctx));
  const wardIds = (await ctx.store.listWards())
    .map((w) => w.id)
    .filter((id) => scope === undefined || id === scope);
  return {
    items: (await equipmentMatrix(ctx, wardIds)).map((e) => ({
      wardId: e.wardId,
      category: e.category,
      required: e.required,
      presentNow: e.presentNow,
      everSeen: e.everSeen,
      ...(e.lastSeenAt !== null && { lastSeenAt: e.lastSeenAt }),
    })),
  };
}
