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
export function readCalendar(ctx: Pick<ServiceContext, 'store'>): OfficeCalendar {
  const value = ctx.store.getSetting(CALENDAR_KEY);
  return validator.check(value) ? value : DEFAULT_CALENDAR;
}

export function getCalendar({ ctx }: ServiceCall<void>): OfficeCalendar {
  requireActor(ctx);
  return readCalendar(ctx);
}
