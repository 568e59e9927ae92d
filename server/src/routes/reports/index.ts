import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EquipmentListSchema, EvidenceQuerySchema, reportTable, toCsv } from '@wardwatch/shared';
import { findChromium, htmlToPdf } from '../../reports/pdf.js';
import { evidenceReport } from '../../services/reports/evidence-report.js';
import { listEquipment } from '../../services/reports/list-equipment.js';
import { renderEvidenceHtml } from '../../services/reports/render-html.js';
import type { RouteDeps } from '../deps.js';

export interface ReportRouteDeps extends RouteDeps {
  /** Folds queued rollups in (a no-op on an instance that is not the leader). */
  rollups: { flush(): Promise<void> | void };
}

const fileName = (from: number, to: number, ext: string, table?: string) =>
  `wardwatch-evidence-${new Date(from).toISOString().slice(0, 10)}_${new Date(to).toISOString().slice(0, 10)}${table ? `-${table}` : ''}.${ext}`;

const reportRoutes: FastifyPluginAsyncTypebox<ReportRouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/reports/evidence',
    { schema: { querystring: EvidenceQuerySchema } },
    async (req, reply) => {
      const q = req.query;
      // Rollups are written on a timer; a report first folds in what is still queued.
      await deps.rollups.flush();
      const { report, incidents } = await evidenceReport({
        ctx: deps.ctxFor(req),
        input: { from: q.from, to: q.to, ...(q.ward !== undefined && { ward: q.ward }) },
      });
      const format = q.format ?? 'json';
      switch (format) {
        case 'json':
          return report;
        case 'csv': {
          const table = q.table ?? 'wards';
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="${fileName(q.from, q.to, 'csv', table)}"`,
            )
            .send(toCsv(reportTable(report, table, incidents)));
        }
        case 'html':
          return reply.type('text/html; charset=utf-8').send(renderEvidenceHtml(report, incidents));
        case 'pdf': {
          const html = renderEvidenceHtml(report, incidents);
          const chromium = findChromium();
          if (!chromium) {
            // No browser on this server: the printable HTML, flagged, is the next best thing.
            return reply
              .type('text/html; charset=utf-8')
              .header('x-wardwatch-pdf', 'unavailable: chromium not installed; print this page')
              .send(html);
          }
          const pdf = await htmlToPdf(html, chromium);
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
