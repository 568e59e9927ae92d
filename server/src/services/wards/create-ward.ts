import type { Ward } from '@wardwatch/shared';
import { Conflict } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function createWard({ ctx, input }: ServiceCall<Ward>): Promise<Ward> {
  requireAdmin(ctx);
  if (await ctx.store.getWard(input.id)) throw Conflict(`ward ${input.id} already exists`);
  await ctx.store.createWard({ ...input, createdAt: ctx.clock.now() });
  await audit(ctx, 'ward.create', input);
  return input;
}
