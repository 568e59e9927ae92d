import type { RetentionPolicy } from '@wardwatch/shared';
import { Invalid } from '../../errors.js';
import { RETENTION_KEY, readRetention } from '../../reports/retention.js';
import { audit, requireActor, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function getRetention({ ctx }: ServiceCall<void>): Promise<RetentionPolicy> {
  requireActor(ctx);
  return await readRetention(ctx.store);
}

/** Coarser data must outlive finer data, or reports would find holes the rollups should fill. */
export function checkRetention(p: RetentionPolicy): string | null {
  if (p.rollup5mDays < p.rawDays) {
    return `rollup5mDays (${p.rollup5mDays}) must be at least rawDays (${p.rawDays})`;
  }
  if (p.historyDays < p.rollup5mDays) {
    return `historyDays (${p.historyDays}) must be at least rollup5mDays (${p.rollup5mDays})`;
  }
  return null;
}

/** Takes effect at the retention job's next pass (every 10 minutes). */
export async function setRetention({
  ctx,
  input,
}: ServiceCall<RetentionPolicy>): Promise<RetentionPolicy> {
  requireAdmin(ctx);
  const problem = checkRetention(input);
  if (problem) throw Invalid(problem);
  await ctx.store.setSetting(RETENTION_KEY, input, ctx.clock.now());
  await audit(ctx, 'retention.set', input);
  return input;
}
