import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StationListSchema } from '@wardwatch/shared';
import { listStations } from '../../services/stations/list-stations.js';
import type { RouteDeps } from '../deps.js';

const stationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/stations',
    { schema: { response: { 200: StationListSchema } } },
    async (req) => ({
      items: await listStations({ ctx: deps.ctxFor(req), input: undefined }),
    }),
  );
};
export default stationRoutes;
