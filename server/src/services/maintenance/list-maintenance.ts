import type { MaintenanceWindow } from '@wardwatch/shared';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function listMaintenance({ ctx }: ServiceCall<void>): MaintenanceWindow[] {
  requireActor(ctx);
  return ctx.store.listMaintenance();
}
