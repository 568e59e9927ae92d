import type { IncidentDetail } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { canSeeWard, requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { toIncident } from './list-incidents.js';

/** One incident with its timeline (opened, attributed, closed, acknowledged, notes). */
export async function getIncident({
  ctx,
  input,
}: ServiceCall<{ id: number }>): Promise<IncidentDetail> {
  const actor = requireActor(ctx);
  const row = await ctx.store.getIncident(input.id);
  if (!row || !canSeeWard(actor, row.wardId)) throw NotFound(`no incident ${input.id}`);
  return { incident: toIncident(row), timeline: await ctx.store.incidentTimeline(input.id) };
}
