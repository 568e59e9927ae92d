import type { Target, TargetCreate } from '@wardwatch/shared';
import { Conflict } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { withoutUndefined } from '../without-undefined.js';
import { checkTarget } from './check-target.js';

export const DEFAULT_TARGET_INTERVAL_MS = 10_000;

/** A target id from its name when none is given: lowercase ascii, dashes. */
export function slugifyTargetId(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug || 'target';
}

export async function createTarget({ ctx, input }: ServiceCall<TargetCreate>): Promise<Target> {
  requireAdmin(ctx);
  await checkTarget(ctx, input);
  const id = input.id ?? slugifyTargetId(input.name);
  if (await ctx.store.getTarget(id)) throw Conflict(`target ${id} already exists`);
  const target: Target = withoutUndefined({
    ...input,
    id,
    intervalMs: input.intervalMs ?? DEFAULT_TARGET_INTERVAL_MS,
  });
  await ctx.store.createTarget({ ...target, createdAt: ctx.clock.now() });
  await audit(ctx, 'target.create', target);
  ctx.events.targetsChanged(target.wardId ?? null);
  return target;
}
