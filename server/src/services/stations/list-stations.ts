import type { StationView } from '@wardwatch/shared';
import type { StationRow } from '../../store/store.js';
import { requireActor, wardScope } from '../authz.js';
import type { Presence, ServiceCall } from '../context.js';

export const toStationView = (row: StationRow, presence: Presence): StationView => ({
  ...row,
  online: presence.isOnline(row.id),
});

export async function listStations({ ctx }: ServiceCall<void>): Promise<StationView[]> {
  const actor = requireActor(ctx);
  return (await ctx.store.listStations(wardScope(actor))).map((r) =>
    toStationView(r, ctx.presence),
  );
}
