import type { Ward } from '@wardwatch/shared';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function listWards({ ctx }: ServiceCall<void>): Promise<Ward[]> {
  const scope = wardScope(requireActor(ctx));
  const wards = await ctx.store.listWards();
  return scope === undefined ? wards : wards.filter((w) => w.id === scope);
}
