import type { SeriesQuery, SeriesReply } from '@wardwatch/shared';
import { Invalid, NotFound } from '../../errors.js';
import { canSeeWard, requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { bucketSeries, resolveSeriesWindow } from './bucket.js';

export async function getSeries({ ctx, input }: ServiceCall<SeriesQuery>): Promise<SeriesReply> {
  const actor = requireActor(ctx);
  const station = await ctx.store.getStationRow(input.station);
  // Officers get the same answer for another ward's station as for a missing one.
  if (!station || !canSeeWard(actor, station.wardId)) {
    throw NotFound(`no station ${input.station}`);
  }
  const window = resolveSeriesWindow(input, ctx.clock.now());
  if (typeof window === 'string') throw Invalid(window);
  const samples = await ctx.store.seriesSamples({
    stationId: input.station,
    metric: input.metric,
    from: window.from,
    to: window.to,
    ...(input.target !== undefined && { target: input.target }),
  });
  return {
    station: input.station,
    target: input.target ?? null,
    metric: input.metric,
    ...window,
    points: bucketSeries(samples, window),
  };
}
