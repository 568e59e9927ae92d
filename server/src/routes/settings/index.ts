import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RetentionPolicySchema } from '@wardwatch/shared';
import { getRetention, setRetention } from '../../services/settings/retention.js';
import type { RouteDeps } from '../deps.js';

const settingsRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/settings/retention',
    { schema: { response: { 200: RetentionPolicySchema } } },
    async (req) => await getRetention({ ctx: deps.ctxFor(req), input: undefined }),
  );
  app.put(
    '/api/v1/settings/retention',
    { schema: { body: RetentionPolicySchema, response: { 200: RetentionPolicySchema } } },
    async (req) => await setRetention({ ctx: deps.ctxFor(req), input: req.body }),
  );
};
export default settingsRoutes;
