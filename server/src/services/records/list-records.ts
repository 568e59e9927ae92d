import type { RecordsQuery } from '@wardwatch/shared';
import { Forbidden } from '../../errors.js';
import type { StoredRecord } from '../../store/store.js';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall } from '../context.js';

export const DEFAULT_RECORD_LIMIT = 1000;

export async function listRecords({
  ctx,
  input,
}: ServiceCall<RecordsQuery>): Promise<StoredRecord[]> {
  const actor = requireActor(ctx);
  const wardId = wardScope(actor);
  if (wardId !== undefined && input.station !== undefined) {
    const station = await ctx.store.getStationRow(input.station);
    if (station && station.wardId !== wardId) throw Forbidden('not your ward');
  }
  return await ctx.store.listRecords({
    ...(input.station !== undefined && { stationId: input.station }),
    ...(wardId !== undefined && { wardId }),
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.from !== undefined && { from: input.from }),
    ...(input.to !== undefined && { to: input.to }),
    limit: input.limit ?? DEFAULT_RECORD_LIMIT,
  });
}
