import type { Incident } from '@wardwatch/shared';
import { Forbidden, NotFound } from '../../errors.js';
import type { Actor, ServiceCall, ServiceContext } from '../context.js';
import { audit, canSeeWard, requireActor } from '../authz.js';
import { toIncident } from './list-incidents.js';

/** Admins act on every ward; an officer only on their own; viewers only read. */
async function requireIncidentWriter(ctx: ServiceContext, id: number): Promise<Actor> {
  const actor = requireActor(ctx);
  const row = await ctx.store.getIncident(id);
  if (!row || !canSeeWard(actor, row.wardId)) throw NotFound(`no incident ${id}`);
  if (actor.role === 'viewer') throw Forbidden('viewers cannot change incidents');
  return actor;
}

export async function acknowledgeIncident({
  ctx,
  input,
}: ServiceCall<{ id: number; note?: string }>): Promise<Incident> {
  const actor = await requireIncidentWriter(ctx, input.id);
  const row = await ctx.store.acknowledgeIncident({
    id: input.id,
    username: actor.username,
    at: ctx.clock.now(),
    ...(input.note !== undefined && { note: input.note }),
  });
  if (!row) throw NotFound(`no incident ${input.id}`);
  await audit(ctx, 'incident.acknowledge', { id: input.id });
  ctx.events.incidentChanged?.('acknowledged', row);
  return toIncident(row);
}

export async function annotateIncident({
  ctx,
  input,
}: ServiceCall<{ id: number; text: string }>): Promise<void> {
  const actor = await requireIncidentWriter(ctx, input.id);
  await ctx.store.addIncidentNote({
    id: input.id,
    username: actor.username,
    at: ctx.clock.now(),
    text: input.text,
  });
  await audit(ctx, 'incident.note', { id: input.id });
}
