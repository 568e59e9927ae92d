import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WardCreateSchema, WardListSchema, WardPatchSchema, WardSchema } from '@wardwatch/shared';
import { createWard } from '../../services/wards/create-ward.js';
import { getWard } from '../../services/wards/get-ward.js';
import { listWards } from '../../services/wards/list-wards.js';
import { updateWard } from '../../services/wards/update-ward.js';
import type { RouteDeps } from '../deps.js';

const WardParamsSchema = Type.Object({ id: Type.String({ maxLength: 64 }) });

const wardRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get('/api/v1/wards', { schema: { response: { 200: WardListSchema } } }, async (req) => ({
    items: await listWards({ ctx: deps.ctxFor(req), input: undefined }),
  }));

  app.post(
    '/api/v1/wards',
    { schema: { body: WardCreateSchema, response: { 201: WardSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createWard({ ctx: deps.ctxFor(req), input: req.body });
    },
  );

  app.get(
    '/api/v1/wards/:id',
    {
      schema: {
        params: WardParamsSchema,
        response: { 200: WardSchema },
      },
    },
    async (req) => await getWard({ ctx: deps.ctxFor(req), input: { id: req.params.id } }),
  );

  app.patch(
    '/api/v1/wards/:id',
    { schema: { params: WardParamsSchema, body: WardPatchSchema, response: { 200: WardSchema } } },
    async (req) =>
      await updateWard({ ctx: deps.ctxFor(req), input: { id: req.params.id, patch: req.body } }),
  );
};
export default wardRoutes;
