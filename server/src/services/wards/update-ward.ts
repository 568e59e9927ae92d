import type { Ward, WardPatch } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { withoutUndefined } from '../without-undefined.js';

/** Renames a ward or changes its district; the id (what stations and records use) stays. */
export async function updateWard({
  ctx,
  input,
}: ServiceCall<{ id: string; patch: WardPatch }>): Promise<Ward> {
  requireAdmin(ctx);
  const before = await ctx.store.getWard(input.id);
  if (!before) throw NotFound(`no ward ${input.id}`);
  const { name, district } = input.patch;
  const ward: Ward = withoutUndefined({
    ...before,
    ...(name !== undefined && { name }),
    ...(district !== undefined && { district: district ?? undefined }),
  });
  if (!(await ctx.store.updateWard(ward))) throw NotFound(`no ward ${input.id}`);
  await audit(ctx, 'ward.update', { id: ward.id, before, after: ward });
  return ward;
}
