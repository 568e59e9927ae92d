import type { AuditItem } from '@wardwatch/shared';
import { requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function listAudit({
  ctx,
  input,
}: ServiceCall<{ limit?: number; before?: number }>): Promise<{
  items: AuditItem[];
  next?: number;
}> {
  requireAdmin(ctx);
  const limit = input.limit ?? 100;
  const items = await ctx.store.listAuditPage(limit, input.before);
  const last = items[items.length - 1];
  return items.length === limit && last ? { items, next: last.id } : { items };
}
