import type { Ward } from '@wardwatch/shared';
import { Forbidden, NotFound } from '../../errors.js';
import { canSeeWard, requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function getWard({ ctx, input }: ServiceCall<{ id: string }>): Promise<Ward> {
  const actor = requireActor(ctx);
  if (!canSeeWard(actor, input.id)) throw Forbidden('not your ward');
  const ward = await ctx.store.getWard(input.id);
  if (!ward) throw NotFound(`no ward ${input.id}`);
  return ward;
}
