import { NotFound } from '../../errors.js';
import { randomSecret, sha256 } from '../../security.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** Revoke a station's credential and drop its open connection at once. */
export async function revokeStation({ ctx, input }: ServiceCall<{ id: string }>) {
  requireAdmin(ctx);
  const revokedAt = ctx.clock.now();
  if (!(await ctx.store.revokeStation(input.id, revokedAt)))
    throw NotFound(`no station ${input.id}`);
  const disconnected = ctx.presence.disconnect?.(input.id, 'credential revoked') ?? 0;
  await audit(ctx, 'station.revoke', { stationId: input.id, disconnected });
  return { stationId: input.id, revokedAt, disconnected };
}

/**
 * A new credential (returned once, stored hashed); the old one stops working and the open
 * connection is dropped, so the agent must be given the new one (`credential` in its config).
 */
export async function rotateStationCredential({ ctx, input }: ServiceCall<{ id: string }>) {
  requireAdmin(ctx);
  const credential = randomSecret();
  if (!(await ctx.store.rotateStationCredential(input.id, sha256(credential)))) {
    throw NotFound(`no station ${input.id}`);
  }
  const disconnected = ctx.presence.disconnect?.(input.id, 'credential rotated') ?? 0;
  await audit(ctx, 'station.rotate', { stationId: input.id, disconnected });
  return { stationId: input.id, credential, disconnected };
}
