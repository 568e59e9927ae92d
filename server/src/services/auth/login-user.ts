import type { SessionUser } from '@wardwatch/shared';
import { Unauthorized } from '../../errors.js';
import { randomSecret, sha256, verifyPassword } from '../../security.js';
import type { ServiceCall } from '../context.js';

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
}: ServiceCall<{ username: string; password: string; ttlMs: number }>): Promise<LoginResult> {
  const user = ctx.store.getUser(input.username);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw Unauthorized('wrong username or password');
  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  const now = ctx.clock.now();
  const expiresAt = now + input.ttlMs;
  ctx.store.createSession({
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
