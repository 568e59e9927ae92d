import type { Incident } from '@wardwatch/shared';
import { Forbidden, NotFound } from '../../errors.js';
import type { Actor, ServiceCall, ServiceContext } from '../context.js';
import { audit, canSeeWard, requireActor } from '../authz.js';
import { toIncident } from './list-incidents.js';

/** Admins act on every ward; an officer only on their own; viewers only read. */
function requireIncidentWriter(ctx: ServiceContext, id: number): Actor {
  const actor = requireActor(ctx);
  const row = ctx.store.getIncident(id);
  if (!row || !canSeeWard(actor, row.wardId)) throw NotFound(`no incident ${id}`);
  if (actor.role === 'viewer') throw Forbidden('viewers cannot change incidents');
  return actor;
}

export function acknowledgeIncident({
  ctx,
  input,
}: ServiceCall<{ id: number; note?: string }>): Incident {
  const actor = requireIncidentWriter(ctx, input.id);
  const row = ctx.store.acknowledgeIncident({
    id: input.id,
    username: actor.username,
    at: ctx.clock.now(),
    ...(input.note !== undefined && { note: input.note }),
  });
  if (!row) throw NotFound(`no incident ${input.id}`);
  audit(ctx, 'incident.acknowledge', { id: input.id });
  ctx.events.incidentChanged?.('acknowledged', row);
  return toIncident(row);
}

export function annotateIncident({ ctx, input }: ServiceCall<{ id: number; text: string }>): void {
  const actor = requireIncidentWriter(ctx, input.id);
  ctx.store.addIncidentNote({
    id: input.id,
    username: actor.username,
    at: ctx.clock.now(),
    text: input.text,
  });
  audit(ctx, 'incident.note', { id: input.id });
}
