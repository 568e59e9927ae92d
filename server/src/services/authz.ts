import { Forbidden, Unauthorized } from '../errors.js';
import type { Actor, ServiceContext } from './context.js';

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw Unauthorized();
  return ctx.actor;
}

export function requireAdmin(ctx: ServiceContext): Actor {
  const actor = requireActor(ctx);
  if (actor.role !== 'admin') throw Forbidden('admin role required');
  return actor;
}

/** The ward an actor is limited to (officers), or undefined for every ward. */
export function wardScope(actor: Actor): string | undefined {
  if (actor.role !== 'officer') return undefined;
  // An officer without a ward sees nothing rather than everything.
  return actor.wardId ?? '\u0000none';
}

export function canSeeWard(actor: Actor, wardId: string): boolean {
  const scope = wardScope(actor);
  return scope === undefined || scope === wardId;
}

/** Every admin change is written to the audit log. */
export async function audit(ctx: ServiceContext, action: string, detail: object): Promise<void> {
  await ctx.store.appendAudit({
    at: ctx.clock.now(),
    username: ctx.actor?.username ?? 'system',
    action,
    detail: JSON.stringify(detail),
  });
}
