import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EquipmentListSchema, EvidenceQuerySchema } from '@wardwatch/shared';
import { findChromium, htmlToPdf } from '../../reports/pdf.js';
import type { ReportRunner } from '../../reports/report-runner.js';
import { requireActor } from '../../services/authz.js';
import { listEquipment } from '../../services/reports/list-equipment.js';
import type { RouteDeps } from '../deps.js';

export interface ReportRouteDeps extends RouteDeps {
  /** Folds queued rollups in (a no-op on an instance that is not the leader). */
  rollups: { flush(): Promise<void> | void };
  /** Where evidence reports are computed (a worker thread when the store allows one). */
  reports: ReportRunner;
  /** Stations connected anywhere in the cluster, for the equipment "present now" column. */
  onlineStations(): string[];
}

const fileName = (from: number, to: number, ext: string, table?: string) =>
  `wardwatch-evidence-${new Date(from).toISOString().slice(0, 10)}_${new Date(to).toISOString().slice(0, 10)}${table ? `-${table}` : ''}.${ext}`;

const reportRoutes: FastifyPluginAsyncTypebox<ReportRouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/reports/evidence',
    { schema: { querystring: EvidenceQuerySchema } },
    async (req, reply) => {
      const q = req.query;
      const ctx = deps.ctxFor(req);
      const actor = requireActor(ctx);
      // Rollups are written on a timer; a report first folds in what is still queued, unless
      // the report would be refused anyway (a full queue flushes nothing).
      const refused = deps.reports.refusal();
      if (refused) throw refused;
      await deps.rollups.flush();
      const format = q.format ?? 'json';
      const body = await deps.reports.run('evidence', {
        now: ctx.clock.now(),
        online: deps.onlineStations(),
        actor,
        input: { from: q.from, to: q.to, ...(q.ward !== undefined && { ward: q.ward }) },
        format: format === 'pdf' ? 'html' : format,
        ...(q.table !== undefined && { table: q.table }),
      });
      switch (format) {
        case 'json':
          return reply.type('application/json; charset=utf-8').send(body);
        case 'csv':
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="${fileName(q.from, q.to, 'csv', q.table ?? 'wards')}"`,
            )
            .send(body);
        case 'html':
          return reply.type('text/html; charset=utf-8').send(body);
        case 'pdf': {
          const chromium = findChromium();
          if (!chromium) {
            // No browser on this server: the printable HTML, flagged, is the next best thing.
            return reply
              .type('text/html; charset=utf-8')
              .header('x-wardwatch-pdf', 'unavailable: chromium not installed; print this page')
              .send(body);
          }
          const pdf = await htmlToPdf(body, chromium);
          return reply
            .type('application/pdf')
            .header(
              'content-disposition',
              `attachment; filename="${fileName(q.from, q.to, 'pdf')}"`,
            )
            .send(pdf);
        }
        default: {
          const never: never = format;
          throw new Error(`unknown format ${String(never)}`);
        }
      }
    },
  );

  app.get(
    '/api/v1/equipment',
    { schema: { response: { 200: EquipmentListSchema } } },
    async (req) => await listEquipment({ ctx: deps.ctxFor(req), input: undefined }),
  );
};
export default reportRoutes;
