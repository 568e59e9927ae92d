import type { Delivery } from '@wardwatch/shared';
import { requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** The delivery log, newest first. */
export async function listDeliveries({
  ctx,
  input,
}: ServiceCall<{ limit?: number }>): Promise<Delivery[]> {
  requireAdmin(ctx);
  return await ctx.store.listDeliveries(input.limit ?? 100);
}
