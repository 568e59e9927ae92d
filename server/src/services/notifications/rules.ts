import type { NotifyRule, RuleCreate } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function listRules({ ctx }: ServiceCall<void>): Promise<NotifyRule[]> {
  requireAdmin(ctx);
  return await ctx.store.listRules();
}

/** A routing rule: which wards, kinds and severities go to a channel. */
export async function createRule({ ctx, input }: ServiceCall<RuleCreate>): Promise<NotifyRule> {
  requireAdmin(ctx);
  if (!(await ctx.store.getChannel(input.channelId)))
    throw NotFound(`no channel ${input.channelId}`);
  const rule = await ctx.store.createRule({
    channelId: input.channelId,
    wardIds: input.wardIds ?? [],
    kinds: input.kinds ?? [],
    minSeverity: input.minSeverity ?? 'warning',
    onClose: input.onClose ?? false,
    createdAt: ctx.clock.now(),
  });
  await audit(ctx, 'notification.rule.create', rule);
  return rule;
}

export async function deleteRule({ ctx, input }: ServiceCall<{ id: number }>): Promise<void> {
  requireAdmin(ctx);
  if (!(await ctx.store.deleteRule(input.id))) throw NotFound(`no rule ${input.id}`);
  await audit(ctx, 'notification.rule.delete', input);
}
