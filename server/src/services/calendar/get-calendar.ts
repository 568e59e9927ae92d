import {
  DEFAULT_CALENDAR,
  OfficeCalendarSchema,
  compileValidator,
  type OfficeCalendar,
} from '@wardwatch/shared';
import { requireActor } from '../authz.js';
import type { ServiceCall, ServiceContext } from '../context.js';

export const CALENDAR_KEY = 'calendar';
const validator = compileValidator(OfficeCalendarSchema);

/** The office-hours calendar (DESIGN §2 default until edited). */
export async function readCalendar(ctx: Pick<ServiceContext, 'store'>): Promise<OfficeCalendar> {
  const value = await ctx.store.getSetting(CALENDAR_KEY);
  return validator.check(value) ? value : DEFAULT_CALENDAR;
}

export async function getCalendar({ ctx }: ServiceCall<void>): Promise<OfficeCalendar> {
  requireActor(ctx);
  return await readCalendar(ctx);
}
