import type { StationView } from '@wardwatch/shared';
import type { StationRow } from '../../store/store.js';
import { requireActor, wardScope } from '../authz.js';
import type { Presence, ServiceCall } from '../context.js';

// Field by field, not `{ ...row }`: the spread made a 10,000-station board 14× slower to
// map (4.8 vs 0.35 ms), on the thread that acks batches.
export const toStationView = (row: StationRow, presence: Presence): StationView => ({
  id: row.id,
  wardId: row.wardId,
  hostname: row.hostname,
  lastSeenAt: row.lastSeenAt,
  lastRttMs: row.lastRttMs,
  lastProbeOk: row.lastProbeOk,
  online: presence.isOnline(row.id),
});

export async function listStations({ ctx }: ServiceCall<void>): Promise<StationView[]> {
  const actor = requireActor(ctx);
  return (await ctx.store.listStations(wardScope(actor))).map((r) =>
    toStationView(r, ctx.presence),
  );
}
