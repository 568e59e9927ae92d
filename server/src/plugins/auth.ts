import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../errors.js';
import { safeEqual } from '../security.js';
import { resolveSession } from '../services/auth/resolve-session.js';
import type { Actor, ServiceContext } from '../services/context.js';
import type { SessionRow } from '../store/store.js';

export const SESSION_COOKIE = 'ww_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Reachable without a session, so there is no session token to check against.
const CSRF_EXEMPT = new Set(['/api/v1/auth/login', '/api/v1/enroll']);

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionRow | null;
    sessionToken: string | null;
    actor: Actor | null;
  }
}

/**
 * Resolves the console session from the cookie and enforces CSRF on state changes.
 * Installed on the root instance (not encapsulated) so every route sees `req.actor`.
 */
export function installAuth(
  app: FastifyInstance,
  opts: { baseContext: () => Omit<ServiceContext, 'actor'> },
): void {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const url = req.url;
    // /metrics: an admin session may read it too.
    const isMetrics = url === '/metrics' || url.startsWith('/metrics?');
    if (!url.startsWith('/api/') && !url.startsWith('/ws/console') && !isMetrics) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession({
      ctx: { ...opts.baseContext(), actor: null },
      input: { sessionToken: token },
    });
    if (!session) return;
    req.sessionToken = token;
    req.session = session;
    req.actor = { username: session.username, role: session.role, wardId: session.wardId };
    const path = url.split('?', 1)[0] ?? url;
    if (!SAFE_METHODS.has(req.method) && !CSRF_EXEMPT.has(path)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
        throw Forbidden('missing or wrong x-csrf-token');
      }
    }
  });
}

/** For ws routes: refuse the upgrade with a plain 401 when there is no session. */
export async function requireSessionHook(req: FastifyRequest, _reply: FastifyReply) {
  if (!req.actor) throw Unauthorized();
}
