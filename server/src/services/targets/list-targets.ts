import type { Target } from '@wardwatch/shared';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function listTargets({ ctx }: ServiceCall<void>): Promise<Target[]> {
  const actor = requireActor(ctx);
  return await ctx.store.listTargets(wardScope(actor));
}
