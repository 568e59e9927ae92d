import type { Target, TargetCreate } from '@wardwatch/shared';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

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
  const needsHost = input.probe === 'icmp' || input.probe === 'tcp' || input.probe === 'session';
  if (needsHost && !input.host) throw Invalid(`a ${input.probe} target needs host`);
  if ((input.probe === 'tcp' || input.probe === 'session') && !input.port && !input.url) {
    throw Invalid(`a ${input.probe} target needs port`);
  }
  if (input.probe === 'http' && !input.url) throw Invalid('an http target needs url');
  if (input.probe === 'dns' && !input.host) throw Invalid('a dns target needs host');
  if (input.wardId !== undefined && !(await ctx.store.getWard(input.wardId))) {
    throw NotFound(`no ward ${input.wardId}`);
  }
  const id = input.id ?? slugifyTargetId(input.name);
  if (await ctx.store.getTarget(id)) throw Conflict(`target ${id} already exists`);
  const target: Target = {
    ...input,
    id,
    intervalMs: input.intervalMs ?? DEFAULT_TARGET_INTERVAL_MS,
  };
  for (const key of Object.keys(target) as (keyof Target)[]) {
    if (target[key] === undefined) delete target[key];
  }
  await ctx.store.createTarget({ ...target, createdAt: ctx.clock.now() });
  await audit(ctx, 'target.create', target);
  ctx.events.targetsChanged(target.wardId ?? null);
  return target;
}
