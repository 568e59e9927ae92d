import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function deleteMaintenance({ ctx, input }: ServiceCall<{ id: number }>): void {
  requireAdmin(ctx);
  if (!ctx.store.deleteMaintenance(input.id)) throw NotFound(`no maintenance window ${input.id}`);
  audit(ctx, 'maintenance.delete', input);
  ctx.events.detectorSettingsChanged?.();
}
