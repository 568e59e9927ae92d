import { sha256 } from '../../security.js';
import type { ServiceCall } from '../context.js';

export function logoutUser({ ctx, input }: ServiceCall<{ sessionToken: string }>): void {
  ctx.store.deleteSession(sha256(input.sessionToken));
}
