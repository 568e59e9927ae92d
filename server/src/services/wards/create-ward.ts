import type { Ward } from '@wardwatch/shared';
import { Conflict } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function createWard({ ctx, input }: ServiceCall<Ward>): Ward {
  requireAdmin(ctx);
  if (ctx.store.getWard(input.id)) throw Conflict(`ward ${input.id} already exists`);
  ctx.store.createWard({ ...input, createdAt: ctx.clock.now() });
  audit(ctx, 'ward.create', input);
  return input;
}
