import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  TargetCreateSchema,
  TargetIdParamsSchema,
  TargetListSchema,
  TargetPatchSchema,
  TargetSchema,
} from '@wardwatch/shared';
import { createTarget } from '../../services/targets/create-target.js';
import { deleteTarget } from '../../services/targets/delete-target.js';
import { listTargets } from '../../services/targets/list-targets.js';
import { updateTarget } from '../../services/targets/update-target.js';
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

  app.patch(
    '/api/v1/targets/:id',
    {
      schema: {
        params: TargetIdParamsSchema,
        body: TargetPatchSchema,
        response: { 200: TargetSchema },
      },
    },
    async (req) =>
      await updateTarget({
        ctx: deps.ctxFor(req),
        input: { id: req.params.id, patch: req.body },
      }),
  );

  app.delete(
    '/api/v1/targets/:id',
    { schema: { params: TargetIdParamsSchema } },
    async (req, reply) => {
      await deleteTarget({ ctx: deps.ctxFor(req), input: { id: req.params.id } });
      return reply.code(204).send();
    },
  );
};
export default targetRoutes;
