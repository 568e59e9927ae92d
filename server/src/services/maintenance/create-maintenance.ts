import type { MaintenanceCreate, MaintenanceWindow } from '@wardwatch/shared';
import { Invalid, NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function createMaintenance({
  ctx,
  input,
}: ServiceCall<MaintenanceCreate>): Promise<MaintenanceWindow> {
  requireAdmin(ctx);
  if (input.endsAt <= input.startsAt) throw Invalid('endsAt must be after startsAt');
  const recurrence = input.recurrence ?? 'none';
  const periodMs = recurrence === 'daily' ? 86_400_000 : recurrence === 'weekly' ? 604_800_000 : 0;
  if (periodMs > 0 && input.endsAt - input.startsAt > periodMs) {
    throw Invalid(`a ${recurrence} window cannot be longer than its period`);
  }
  const wardId = input.wardId ?? null;
  if (wardId !== null && !(await ctx.store.getWard(wardId))) throw NotFound(`no ward ${wardId}`);
  const window = await ctx.store.createMaintenance({
    name: input.name,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    recurrence,
    until: input.until ?? null,
    wardId,
    target: input.target ?? null,
    createdAt: ctx.clock.now(),
  });
  await audit(ctx, 'maintenance.create', window);
  ctx.events.detectorSettingsChanged?.();
  return window;
}
