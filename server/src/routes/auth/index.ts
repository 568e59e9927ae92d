import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { LoginBodySchema, LoginReplySchema } from '@wardwatch/shared';
import { Unauthorized } from '../../errors.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { LoginThrottle } from '../../services/auth/login-throttle.js';
import { loginUser } from '../../services/auth/login-user.js';
import { logoutUser } from '../../services/auth/logout-user.js';
import { requireActor } from '../../services/authz.js';
import type { RouteDeps } from '../deps.js';

const OkSchema = Type.Object({ ok: Type.Boolean() });

const authRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const throttle = new LoginThrottle();
  app.post(
    '/api/v1/auth/login',
    { schema: { body: LoginBodySchema, response: { 200: LoginReplySchema } } },
    async (req, reply) => {
      const result = await loginUser({
        ctx: deps.ctxFor(req),
        input: { ...req.body, ttlMs: deps.config.sessionTtlMs, ip: req.ip, throttle },
      });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: req.protocol === 'https',
        expires: new Date(result.expiresAt),
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { response: { 200: OkSchema } } },
    async (req, reply) => {
      const ctx = deps.ctxFor(req);
      requireActor(ctx);
      if (req.sessionToken) await logoutUser({ ctx, input: { sessionToken: req.sessionToken } });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get('/api/v1/auth/me', { schema: { response: { 200: LoginReplySchema } } }, async (req) => {
    const actor = requireActor(deps.ctxFor(req));
    if (!req.session) throw Unauthorized();
    return { user: actor, csrfToken: req.session.csrfToken };
  });
};
export default authRoutes;
