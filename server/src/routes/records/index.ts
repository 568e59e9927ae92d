import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RecordListSchema, RecordsQuerySchema } from '@wardwatch/shared';
import { listRecords } from '../../services/records/list-records.js';
import type { RouteDeps } from '../deps.js';

const recordRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/records',
    { schema: { querystring: RecordsQuerySchema, response: { 200: RecordListSchema } } },
    async (req) => ({
      items: (await listRecords({ ctx: deps.ctxFor(req), input: req.query })).map((r) => ({
        ...r.record,
        stationId: r.stationId,
        seq: r.seq,
        t: r.t,
      })),
    }),
  );
};
export default recordRoutes;
