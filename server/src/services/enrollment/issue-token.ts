import type { EnrollmentTokenReply } from '@wardwatch/shared';
import { NotFound } from '../../errors.js';
import { randomSecret, sha256 } from '../../security.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function issueEnrollmentToken({
  ctx,
  input,
}: ServiceCall<{ wardId: string; ttlMs: number }>): Promise<EnrollmentTokenReply> {
  requireAdmin(ctx);
  if (!(await ctx.store.getWard(input.wardId))) throw NotFound(`no ward ${input.wardId}`);
  const token = randomSecret();
  const now = ctx.clock.now();
  const expiresAt = now + input.ttlMs;
  await ctx.store.createEnrollmentToken({
    tokenHash: sha256(token),
    wardId: input.wardId,
    createdAt: now,
    expiresAt,
  });
  await audit(ctx, 'enrollment_token.issue', { wardId: input.wardId, expiresAt });
  return { token, expiresAt };
}
