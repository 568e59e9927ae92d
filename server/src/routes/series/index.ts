import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SeriesQuerySchema, SeriesReplySchema } from '@wardwatch/shared';
import { getSeries } from '../../services/series/get-series.js';
import type { RouteDeps } from '../deps.js';

const seriesRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/series',
    { schema: { querystring: SeriesQuerySchema, response: { 200: SeriesReplySchema } } },
    async (req) => await getSeries({ ctx: deps.ctxFor(req), input: req.query }),
  );
};
export default seriesRoutes;
