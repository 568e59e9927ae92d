import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Forbidden, Unauthorized } from '../../errors.js';
import { metricsAccess } from '../../metrics/access.js';
import type { WardWatchMetrics } from '../../metrics/metrics.js';
import type { RouteDeps } from '../deps.js';

export interface MetricsRouteDeps extends RouteDeps {
  metrics: WardWatchMetrics;
}

/** `GET /metrics` in Prometheus text format (access rules in metrics/access.ts). */
const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRouteDeps> = async (app, deps) => {
  app.get(
    '/metrics',
    { schema: { description: 'Prometheus text format', produces: ['text/plain'] } },
    async (req, reply) => {
      const access = metricsAccess({
        token: deps.config.metricsToken,
        authorization: req.headers.authorization,
        role: req.actor?.role ?? null,
        peer: req.ip,
      });
      if (access === 'login') {
        reply.header('www-authenticate', 'Bearer realm="wardwatch-metrics"');
        throw Unauthorized('metrics need a bearer token, an admin session or a loopback peer');
      }
      if (access === 'deny') throw Forbidden('admin role required');
      const { contentType, body } = await deps.metrics.text();
      return reply.type(contentType).header('cache-control', 'no-store').send(body);
    },
  );
};
export default metricsRoutes;
