import { Unauthorized } from '../../errors.js';
import { sha256 } from '../../security.js';
import type { StationAuth } from '../../store/store.js';
import type { ServiceCall } from '../context.js';

/** The station behind a `Bearer` credential; unknown or revoked → Unauthorized. */
export async function authenticateStation({
  ctx,
  input,
}: ServiceCall<{ credential: string }>): Promise<StationAuth> {
  if (!input.credential) throw Unauthorized('missing station credential');
  const station = await ctx.store.getStationByCredential(sha256(input.credential));
  if (!station) throw Unauthorized('unknown station credential');
  if (station.revokedAt !== null) throw Unauthorized('station credential revoked');
  return station;
}
