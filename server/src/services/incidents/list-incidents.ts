import type { Incident, IncidentList, IncidentsQuery } from '@wardwatch/shared';
import { Forbidden, Invalid } from '../../errors.js';
import type { IncidentRow } from '../../store/detector-store.js';
import { requireActor, wardScope } from '../authz.js';
import type { ServiceCall } from '../context.js';

const DEFAULT_LIMIT = 100;

/** The API shape: the detector's subject key stays inside the server. */
export function toIncident(row: IncidentRow): Incident {
  const incident: Incident & { subject?: string } = { ...row };
  delete incident.subject;
  return incident;
}

const encodeCursor = (row: IncidentRow) =>
  Buffer.from(`${row.startedAt}:${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { startedAt: number; id: number } {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw Invalid('bad cursor');
  return { startedAt: Number(m[1]), id: Number(m[2]) };
}

/** Incidents overlapping [from, to), newest first; `next` continues the listing. */
export async function listIncidents({
  ctx,
  input,
}: ServiceCall<IncidentsQuery>): Promise<IncidentList> {
  const actor = requireActor(ctx);
  const scope = wardScope(actor);
  // Refused, not silently emptied: the API itself enforces the officer's ward.
  if (scope !== undefined && input.ward !== undefined && input.ward !== scope) {
    throw Forbidden('not your ward');
  }
  if (input.from !== undefined && input.to !== undefined && input.to <= input.from) {
    throw Invalid('to must be after from');
  }
  const limit = input.limit ?? DEFAULT_LIMIT;
  const rows = await ctx.store.listIncidents({
    ...(input.from !== undefined && { from: input.from }),
    ...(input.to !== undefined && { to: input.to }),
    ...((scope ?? input.ward) !== undefined && { wardId: scope ?? input.ward }),
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.open !== undefined && { open: input.open }),
    ...(input.cursor !== undefined && { after: decodeCursor(input.cursor) }),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toIncident),
    ...(rows.length > limit && last && { next: encodeCursor(last) }),
  };
}

/** Open incidents the actor may see (for the console snapshot). */
export async function listOpenIncidents({ ctx }: ServiceCall<void>): Promise<Incident[]> {
  const actor = requireActor(ctx);
  const scope = wardScope(actor);
  return (await ctx.store.listOpenIncidents())
    .filter((r) => scope === undefined || r.wardId === scope)
    .map(toIncident);
}
