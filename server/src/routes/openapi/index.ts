import fastifySwagger from '@fastify/swagger';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SERVER_VERSION } from '../../version.js';

/**
 * Collects every route's TypeBox schema as routes register; call before registering them.
 * WebSocket routes are left out (docs/protocol.md describes them).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'WardWatch API',
        version: SERVER_VERSION,
        description:
          'Console and admin REST API. Errors are { "error": { "code", "message" } }. ' +
          'Sessions: the ww_session cookie from POST /api/v1/auth/login; state changes also ' +
          'need the x-csrf-token header.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ww_session' },
          metricsToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: ({ schema, url, route }) => ({
      schema: url.startsWith('/ws/') || route.websocket ? { ...schema, hide: true } : schema,
      url,
    }),
  });
}

/** `GET /api/v1/openapi.json`: public, it describes routes and holds no data. */
const openApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/openapi.json', async () => app.swagger());
};
export default openApiRoutes;
