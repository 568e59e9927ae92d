import {
  EQUIPMENT_CATEGORIES,
  resolvePolicy,
  type EquipmentList,
  type EquipmentNow,
} from '@wardwatch/shared';
import { loadDetectorSettings } from '../../detector/detector-shell.js';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall, ServiceContext } from '../context.js';

/**
 * Required vs present now vs ever seen, per ward and category. Workstations are the ward's
 * stations (now: connected agents); devices are summed over the ward's stations.
 */
export async function equipmentMatrix(
  ctx: ServiceContext,
  wardIds: readonly string[],
): Promise<EquipmentNow[]> {
  const settings = await loadDetectorSettings(ctx.store);
  const stations = await ctx.store.listStations();
  const devices = await ctx.store.listStationDevices();
  const out: EquipmentNow[] = [];
  for (const wardId of wardIds) {
    const required = resolvePolicy(settings, wardId).equipment;
    const own = stations.filter((s) => s.wardId === wardId);
    const ids = new Set(own.map((s) => s.id));
    for (const category of EQUIPMENT_CATEGORIES) {
      if (category === 'workstation') {
        const seen = own.filter((s) => s.lastSeenAt !== null);
        out.push({
          wardId,
          category,
          required: required.workstation,
          presentNow: own.filter((s) => ctx.presence.isOnline(s.id)).length,
          everSeen: seen.length,
          lastSeenAt: seen.length ? Math.max(...seen.map((s) => s.lastSeenAt ?? 0)) : null,
        });
        continue;
      }
      const rows = devices.filter((d) => d.category === category && ids.has(d.stationId));
      const last = rows.flatMap((d) => (d.lastSeenAt === null ? [] : [d.lastSeenAt]));
      out.push({
        wardId,
        category,
        required: required[category],
        presentNow: rows.reduce((n, d) => n + d.presentNow, 0),
        everSeen: rows.reduce((n, d) => n + d.everSeen, 0),
        lastSeenAt: last.length ? Math.max(...last) : null,
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
