import type { IncidentDetail } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { canSeeWard, requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { toIncident } from './list-incidents.js';

/** One incident with its timeline (opened, attributed, closed, acknowledged, notes). */
export function getIncident({ ctx, input }: ServiceCall<{ id: number }>): IncidentDetail {
  const actor = requireActor(ctx);
  const row = ctx.store.getIncident(input.id);
  if (!row || !canSeeWard(actor, row.wardId)) throw NotFound(`no incident ${input.id}`);
  return { incident: toIncident(row), timeline: ctx.store.incidentTimeline(input.id) };
}
