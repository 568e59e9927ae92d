import { sha256 } from '../../security.js';
import type { ServiceCall } from '../context.js';

export async function logoutUser({
  ctx,
  input,
}: ServiceCall<{ sessionToken: string }>): Promise<void> {
  await ctx.store.deleteSession(sha256(input.sessionToken));
  ctx.events.sessionsEnded?.();
}
