import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnrollBodySchema,
  EnrollmentTokenBodySchema,
  EnrollmentTokenReplySchema,
  EnrollReplySchema,
} from '@wardwatch/shared';
import { enrollStation } from '../../services/enrollment/enroll-station.js';
import { issueEnrollmentToken } from '../../services/enrollment/issue-token.js';
import type { RouteDeps } from '../deps.js';

const enrollmentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.post(
    '/api/v1/enrollment-tokens',
    { schema: { body: EnrollmentTokenBodySchema, response: { 201: EnrollmentTokenReplySchema } } },
    async (req, reply) => {
      reply.code(201);
      return await issueEnrollmentToken({
        ctx: deps.ctxFor(req),
        input: { wardId: req.body.wardId, ttlMs: deps.config.enrollmentTokenTtlMs },
      });
    },
  );

  // No login: the one-time token is the authorization.
  app.post(
    '/api/v1/enroll',
    { schema: { body: EnrollBodySchema, response: { 201: EnrollReplySchema } } },
    async (req, reply) => {
      reply.code(201);
      return await enrollStation({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
};
export default enrollmentRoutes;
