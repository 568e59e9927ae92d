import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** Takes a target out of the live config; its records and incidents stay (see docs/operations.md). */
export async function deleteTarget({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  requireAdmin(ctx);
  const target = await ctx.store.getTarget(input.id);
  if (!target || !(await ctx.store.deleteTarget(input.id, ctx.clock.now()))) {
    throw NotFound(`no target ${input.id}`);
  }
  await audit(ctx, 'target.delete', target);
  ctx.events.targetsChanged(target.wardId ?? null);
}
