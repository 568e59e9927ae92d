import type { Ward } from '@wardwatch/shared';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function listWards({ ctx }: ServiceCall<void>): Ward[] {
  requireActor(ctx);
  return ctx.store.listWards();
}
