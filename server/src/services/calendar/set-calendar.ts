import type { OfficeCalendar } from '@wardwatch/shared';
import { Invalid } from '../../errors.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';
import { CALENDAR_KEY } from './get-calendar.js';

export async function setCalendar({
  ctx,
  input,
}: ServiceCall<OfficeCalendar>): Promise<OfficeCalendar> {
  requireAdmin(ctx);
  for (const ranges of Object.values(input.week)) {
    for (const r of ranges)
      if (r.to <= r.from) throw Invalid(`office hours ${r.from}–${r.to}: end before start`);
  }
  await ctx.store.setSetting(CALENDAR_KEY, input, ctx.clock.now());
  await audit(ctx, 'calendar.set', input);
  ctx.events.detectorSettingsChanged?.();
  return input;
}
