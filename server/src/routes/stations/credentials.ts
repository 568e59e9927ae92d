import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  StationParamsSchema,
  StationRevokeReplySchema,
  StationRotateReplySchema,
} from '@wardwatch/shared';
import {
  revokeStation,
  rotateStationCredential,
} from '../../services/stations/station-credentials.js';
import type { RouteDeps } from '../deps.js';

const stationCredentialRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.post(
    '/api/v1/stations/:id/revoke',
    { schema: { params: StationParamsSchema, response: { 200: StationRevokeReplySchema } } },
    async (req) => await revokeStation({ ctx: deps.ctxFor(req), input: { id: req.params.id } }),
  );
  app.post(
    '/api/v1/stations/:id/rotate',
    { schema: { params: StationParamsSchema, response: { 200: StationRotateReplySchema } } },
    async (req) =>
      await rotateStationCredential({ ctx: deps.ctxFor(req), input: { id: req.params.id } }),
  );
};
export default stationCredentialRoutes;
