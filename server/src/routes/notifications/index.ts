import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChannelCreateSchema,
  ChannelListSchema,
  ChannelSchema,
  DeliveryListSchema,
  DeliveryQuerySchema,
  IdParamsSchema,
  RuleCreateSchema,
  RuleListSchema,
  RuleSchema,
} from '@wardwatch/shared';
import {
  createChannel,
  deleteChannel,
  listChannels,
} from '../../services/notifications/channels.js';
import { listDeliveries } from '../../services/notifications/list-deliveries.js';
import { createRule, deleteRule, listRules } from '../../services/notifications/rules.js';
import type { RouteDeps } from '../deps.js';

const notificationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/notifications/channels',
    { schema: { response: { 200: ChannelListSchema } } },
    async (req) => ({ items: await listChannels({ ctx: deps.ctxFor(req), input: undefined }) }),
  );
  app.post(
    '/api/v1/notifications/channels',
    { schema: { body: ChannelCreateSchema, response: { 201: ChannelSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createChannel({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
  app.delete(
    '/api/v1/notifications/channels/:id',
    { schema: { params: IdParamsSchema } },
    async (req, reply) => {
      await deleteChannel({ ctx: deps.ctxFor(req), input: { id: req.params.id } });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/notifications/rules',
    { schema: { response: { 200: RuleListSchema } } },
    async (req) => ({ items: await listRules({ ctx: deps.ctxFor(req), input: undefined }) }),
  );
  app.post(
    '/api/v1/notifications/rules',
    { schema: { body: RuleCreateSchema, response: { 201: RuleSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createRule({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
  app.delete(
    '/api/v1/notifications/rules/:id',
    { schema: { params: IdParamsSchema } },
    async (req, reply) => {
      await deleteRule({ ctx: deps.ctxFor(req), input: { id: req.params.id } });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/notifications/deliveries',
    { schema: { querystring: DeliveryQuerySchema, response: { 200: DeliveryListSchema } } },
    async (req) => ({ items: await listDeliveries({ ctx: deps.ctxFor(req), input: req.query }) }),
  );
};
export default notificationRoutes;
