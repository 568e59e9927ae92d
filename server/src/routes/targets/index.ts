import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TargetCreateSchema, TargetListSchema, TargetSchema } from '@wardwatch/shared';
import { createTarget } from '../../services/targets/create-target.js';
import { listTargets } from '../../services/targets/list-targets.js';
import type { RouteDeps } from '../deps.js';

const targetRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get('/api/v1/targets', { schema: { response: { 200: TargetListSchema } } }, async (req) => ({
    items: await listTargets({ ctx: deps.ctxFor(req), input: undefined }),
  }));

  app.post(
    '/api/v1/targets',
    { schema: { body: TargetCreateSchema, response: { 201: TargetSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createTarget({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
};
export default targetRoutes;
