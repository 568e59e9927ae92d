import type { Target } from '@wardwatch/shared';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function listTargets({ ctx }: ServiceCall<void>): Target[] {
  const actor = requireActor(ctx);
  return ctx.store.listTargets(wardScope(actor));
}
