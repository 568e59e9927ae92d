import type { Ward } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function getWard({ ctx, input }: ServiceCall<{ id: string }>): Ward {
  requireActor(ctx);
  const ward = ctx.store.getWard(input.id);
  if (!ward) throw NotFound(`no ward ${input.id}`);
  return ward;
}
