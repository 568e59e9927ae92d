import type { Delivery } from '@wardwatch/shared';
import { requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** The delivery log, newest first. */
export function listDeliveries({ ctx, input }: ServiceCall<{ limit?: number }>): Delivery[] {
  requireAdmin(ctx);
  return ctx.store.listDeliveries(input.limit ?? 100);
}
