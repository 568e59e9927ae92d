import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditListSchema, AuditQuerySchema } from '@wardwatch/shared';
import { listAudit } from '../../services/audit/list-audit.js';
import type { RouteDeps } from '../deps.js';

const auditRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/audit',
    { schema: { querystring: AuditQuerySchema, response: { 200: AuditListSchema } } },
    async (req) => await listAudit({ ctx: deps.ctxFor(req), input: req.query }),
  );
};
export default auditRoutes;
