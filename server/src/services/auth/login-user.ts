import type { SessionUser } from '@wardwatch/shared';
import { TooManyRequests, Unauthorized } from '../../errors.js';
import { randomSecret, sha256, verifyPassword } from '../../security.js';
import type { ServiceCall } from '../context.js';
import type { LoginThrottle } from './login-throttle.js';

// Compared against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH =
  'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: SessionUser;
}

export async function loginUser({
  ctx,
  input,
}: ServiceCall<{
  username: string;
  password: string;
  ttlMs: number;
  ip: string;
  throttle: LoginThrottle;
}>): Promise<LoginResult> {
  const { throttle, ip, username } = input;
  const verdict = throttle.check(username, ip, ctx.clock.now());
  if (!verdict.allowed) {
    const why =
      verdict.reason === 'locked' ? 'account locked after failed logins' : 'too many logins';
    throw TooManyRequests(`${why}; retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s`);
  }
  const user = await ctx.store.getUser(username);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    const locked = throttle.failed(username, ip, ctx.clock.now());
    await loginAudit(ctx, locked ? 'login.locked' : 'login.failure', username, ip);
    throw Unauthorized('wrong username or password');
  }
  throttle.succeeded(username, ip);
  await loginAudit(ctx, 'login.success', username, ip);
  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  const now = ctx.clock.now();
  const expiresAt = now + input.ttlMs;
  await ctx.store.createSession({
    tokenHash: sha256(sessionToken),
    username: user.username,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: { username: user.username, role: user.role, wardId: user.wardId },
  };
}

async function loginAudit(
  ctx: ServiceCall<unknown>['ctx'],
  action: string,
  username: string,
  ip: string,
) {
  // Usernames typed by anyone: bounded so the audit log cannot be bloated through this door.
  await ctx.store.appendAudit({
    at: ctx.clock.now(),
    username: username.slice(0, 64),
    action,
    detail: JSON.stringify({ ip }),
  });
}
