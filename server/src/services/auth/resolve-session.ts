import { sha256 } from '../../security.js';
import type { SessionRow } from '../../store/store.js';
import type { ServiceCall } from '../context.js';

/** The live session behind a cookie value, or null (unknown or expired). */
export async function resolveSession({
  ctx,
  input,
}: ServiceCall<{ sessionToken: string }>): Promise<SessionRow | null> {
  if (!input.sessionToken) return null;
  return await ctx.store.getSession(sha256(input.sessionToken), ctx.clock.now());
}
