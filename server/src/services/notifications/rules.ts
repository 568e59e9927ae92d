import type { NotifyRule, RuleCreate } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function listRules({ ctx }: ServiceCall<void>): NotifyRule[] {
  requireAdmin(ctx);
  return ctx.store.listRules();
}

/** A routing rule: which wards, kinds and severities go to a channel. */
export function createRule({ ctx, input }: ServiceCall<RuleCreate>): NotifyRule {
  requireAdmin(ctx);
  if (!ctx.store.getChannel(input.channelId)) throw NotFound(`no channel ${input.channelId}`);
  const rule = ctx.store.createRule({
    channelId: input.channelId,
    wardIds: input.wardIds ?? [],
    kinds: input.kinds ?? [],
    minSeverity: input.minSeverity ?? 'warning',
    onClose: input.onClose ?? false,
    createdAt: ctx.clock.now(),
  });
  audit(ctx, 'notification.rule.create', rule);
  return rule;
}

export function deleteRule({ ctx, input }: ServiceCall<{ id: number }>): void {
  requireAdmin(ctx);
  if (!ctx.store.deleteRule(input.id)) throw NotFound(`no rule ${input.id}`);
  audit(ctx, 'notification.rule.delete', input);
}
