import {
  computeEvidence,
  evidenceNarrative,
  groupBy,
  type EvidenceFigures,
} from '@wardwatch/shared';
import { Invalid } from '../../errors.js';
import type { ReportIncidentRow } from '../../store/report-store.js';
import { requireActor, wardScope } from '../authz.js';
import { readCalendar } from '../calendar/get-calendar.js';
import type { ServiceCall } from '../context.js';
import { equipmentMatrix } from './list-equipment.js';

/** Longest period one report may cover (a few years of daily rollups). */
const MAX_PERIOD_MS = 4 * 366 * 86_400_000;

export interface EvidenceReport extends EvidenceFigures {
  narrative: { vi: string; en: string };
  generatedAt: number;
  utcOffsetMinutes: number;
}

export interface EvidenceInputQuery {
  from: number;
  to: number;
  ward?: string;
}

/** Gathers incidents, rollups and the calendar, and computes the figures (pure functions). */
export async function evidenceReport({ ctx, input }: ServiceCall<EvidenceInputQuery>): Promise<{
  report: EvidenceReport;
  incidents: ReportIncidentRow[];
}> {
  const scope = wardScope(requireActor(ctx));
  const { from, to } = input;
  if (to <= from) throw Invalid('to must be after from');
  if (to - from > MAX_PERIOD_MS) throw Invalid('period too long (at most 4 years)');
  if (scope !== undefined && input.ward !== undefined && input.ward !== scope)
    throw Invalid('officers report on their own ward only');
  const wardFilter = scope ?? input.ward;
  const { store } = ctx;
  const wards = (await store.listWards()).filter(
    (w) => wardFilter === undefined || w.id === wardFilter,
  );
  if (wardFilter !== undefined && wards.length === 0) throw Invalid(`unknown ward ${wardFilter}`);
  const calendar = await readCalendar(ctx);
  const stationsOf = groupBy(await store.listStations(), (s) => s.wardId);
  const targets = await store.listTargetsLiveSince(from);
  const incidents = await store.listReportIncidents(from, to, wardFilter);
  const previousIncidents = await store.listReportIncidents(from - (to - from), from, wardFilter);
  const maintenance = await store.listMaintenance();
  const samples = await store.reportSamples(from, to, calendar);
  const figures = computeEvidence({
    from,
    to,
    now: ctx.clock.now(),
    calendar,
    maintenance,
    wards: wards.map((w) => ({
      id: w.id,
      name: w.name,
      targets: targets.filter((t) => t.wardId === undefined || t.wardId === w.id).map((t) => t.id),
      stations: (stationsOf.get(w.id) ?? []).map((s) => s.id),
    })),
    incidents,
    previousIncidents,
    samples,
    equipment: await equipmentMatrix(
      ctx,
      wards.map((w) => w.id),
    ),
  });
  return {
    report: {
      ...figures,
      narrative: evidenceNarrative(figures, calendar.utcOffsetMinutes),
      generatedAt: ctx.clock.now(),
      utcOffsetMinutes: calendar.utcOffsetMinutes,
    },
    incidents: incidents.sort((a, b) => a.startedAt - b.startedAt || a.id - b.id),
  };
}
