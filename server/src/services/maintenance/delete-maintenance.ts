import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function deleteMaintenance({
  ctx,
  input,
}: ServiceCall<{ id: number }>): Promise<void> {
  requireAdmin(ctx);
  if (!(await ctx.store.deleteMaintenance(input.id)))
    throw NotFound(`no maintenance window ${input.id}`);
  await audit(ctx, 'maintenance.delete', input);
  ctx.events.detectorSettingsChanged?.();
}
