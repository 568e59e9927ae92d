import type { MaintenanceWindow } from '@wardwatch/shared';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function listMaintenance({ ctx }: ServiceCall<void>): Promise<MaintenanceWindow[]> {
  requireActor(ctx);
  return await ctx.store.listMaintenance();
}
