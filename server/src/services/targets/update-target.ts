import type { Target, TargetPatch } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { withoutUndefined } from '../without-undefined.js';
import { checkTarget } from './check-target.js';

/** The target after a partial edit: left-out fields stay, `null` clears an optional one. */
export function applyTargetPatch(target: Target, patch: TargetPatch): Target {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) merged[key] = value ?? undefined;
  return withoutUndefined(merged) as Target;
}

export async function updateTarget({
  ctx,
  input,
}: ServiceCall<{ id: string; patch: TargetPatch }>): Promise<Target> {
  requireAdmin(ctx);
  const before = await ctx.store.getTarget(input.id);
  if (!before) throw NotFound(`no target ${input.id}`);
  const target = applyTargetPatch(before, input.patch);
  await checkTarget(ctx, target);
  if (!(await ctx.store.updateTarget(target))) throw NotFound(`no target ${input.id}`);
  await audit(ctx, 'target.update', { id: target.id, before, after: target });
  for (const wardId of wardsToNotify(before.wardId, target.wardId)) {
    ctx.events.targetsChanged(wardId);
  }
  return target;
}

/** Agents of the ward a target left and of the ward it joined get a fresh config, once each. */
export function wardsToNotify(before?: string, after?: string): (string | null)[] {
  if (before === undefined || after === undefined) return [null];
  return before === after ? [before] : [before, after];
}
