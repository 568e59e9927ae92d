import { randomBytes } from 'node:crypto';
import type { EnrollReply } from '@wardwatch/shared';
import { Unauthorized } from '../../errors.js';
import { randomSecret, sha256 } from '../../security.js';
import type { ServiceCall } from '../context.js';

/** Exchange a one-time enrollment token for a new station and its credential. */
export async function enrollStation({
  ctx,
  input,
}: ServiceCall<{ token: string; hostname: string }>): Promise<EnrollReply> {
  const stationId = `st_${randomBytes(8).toString('hex')}`;
  const credential = randomSecret();
  const result = await ctx.store.enrollStation({
    tokenHash: sha256(input.token),
    now: ctx.clock.now(),
    stationId,
    hostname: input.hostname,
    credentialHash: sha256(credential),
  });
  if (!result) throw Unauthorized('enrollment token is unknown, expired or already used');
  await ctx.store.appendAudit({
    at: ctx.clock.now(),
    username: 'enroll',
    action: 'station.enroll',
    detail: JSON.stringify({ stationId, wardId: result.wardId, hostname: input.hostname }),
  });
  const row = await ctx.store.getStationRow(stationId);
  if (row) ctx.events.stationChanged(row);
  return { stationId, wardId: result.wardId, credential };
}
