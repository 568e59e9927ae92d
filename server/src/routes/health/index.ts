import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema } from '@wardwatch/shared';
import { SERVER_VERSION } from '../../version.js';
import type { RouteDeps } from '../deps.js';

const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get('/api/v1/health', { schema: { response: { 200: HealthSchema } } }, async (req) => {
    const ctx = deps.ctxFor(req);
    return {
      status: 'ok' as const,
      version: SERVER_VERSION,
      store: ctx.store.kind,
      serverTime: ctx.clock.now(),
    };
  });
};
export default healthRoutes;
