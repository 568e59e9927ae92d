import { hashPassword, randomSecret } from '../../security.js';
import type { ServiceCall } from '../context.js';

/**
 * On first start (no users at all) create `admin`. Returns the password only when it was
 * generated, so the caller prints it once.
 */
export async function ensureAdmin({
  ctx,
  input,
}: ServiceCall<{ password: string | null }>): Promise<{ generatedPassword: string | null }> {
  if ((await ctx.store.countUsers()) > 0) return { generatedPassword: null };
  const password = input.password ?? randomSecret(12);
  try {
    await ctx.store.createUser({
      username: 'admin',
      passwordHash: await hashPassword(password),
      role: 'admin',
      wardId: null,
      createdAt: ctx.clock.now(),
    });
  } catch (err) {
    // Several instances starting together on one database: another one created it first.
    if ((await ctx.store.countUsers()) > 0) return { generatedPassword: null };
    throw err;
  }
  await ctx.store.appendAudit({
    at: ctx.clock.now(),
    username: 'system',
    action: 'user.create',
    detail: JSON.stringify({ username: 'admin', role: 'admin' }),
  });
  return { generatedPassword: input.password === null ? password : null };
}
