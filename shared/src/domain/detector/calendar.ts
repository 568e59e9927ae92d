import Type, { type Static } from 'typebox';

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Ranges = Type.Array(Type.Object({ from: HhMm, to: HhMm }, { additionalProperties: false }), {
  maxItems: 8,
});
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Office hours (DESIGN §2), in the city's fixed UTC offset; holidays as YYYY-MM-DD. */
export const OfficeCalendarSchema = Type.Object(
  {
    timeZone: Type.String({ maxLength: 64 }),
    utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
    week: Type.Object(
      {
        sun: Ranges,
        mon: Ranges,
        tue: Ranges,
        wed: Ranges,
        thu: Ranges,
        fri: Ranges,
        sat: Ranges,
      },
      { additionalProperties: false },
    ),
    holidays: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), { maxItems: 366 }),
  },
  { additionalProperties: false },
);
export type OfficeCalendar = Static<typeof OfficeCalendarSchema>;

const MORNING = { from: '07:00', to: '11:30' };
const WEEKDAY = [MORNING, { from: '13:30', to: '17:00' }];
export const DEFAULT_CALENDAR: OfficeCalendar = {
  timeZone: 'Asia/Ho_Chi_Minh',
  utcOffsetMinutes: 420,
  week: {
    sun: [],
    mon: WEEKDAY,
    tue: WEEKDAY,
    wed: WEEKDAY,
    thu: WEEKDAY,
    fri: WEEKDAY,
    sat: [MORNING],
  },
  holidays: [],
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether epoch ms `t` is inside office hours. */
export function isOfficeHours(cal: OfficeCalendar, t: number): boolean {
  const local = new Date(t + cal.utcOffsetMinutes * 60_000);
  if (cal.holidays.includes(local.toISOString().slice(0, 10))) return false;
  const day = WEEKDAYS[local.getUTCDay()] ?? 'sun';
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return cal.week[day].some((r) => minute >= minutesOf(r.from) && minute < minutesOf(r.to));
}

const DAY_MS = 86_400_000;

/** The local calendar day (start, epoch ms) that contains `t`. */
export function localDayStart(cal: OfficeCalendar, t: number): number {
  const off = cal.utcOffsetMinutes * 60_000;
  return Math.floor((t + off) / DAY_MS) * DAY_MS - off;
}

/**
 * Office hours inside [from, to) as sorted, disjoint half-open intervals — the interval form
 * of `isOfficeHours` (same ranges, same holidays), for measuring overlaps exactly.
 */
export function officeIntervals(cal: OfficeCalendar, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const off = cal.utcOffsetMinutes * 60_000;
  for (let day = localDayStart(cal, from); day < to; day += DAY_MS) {
    const local = new Date(day + off);
    if (cal.holidays.includes(local.toISOString().slice(0, 10))) continue;
    const ranges = cal.week[WEEKDAYS[local.getUTCDay()] ?? 'sun'];
    for (const r of [...ranges].sort((a, b) => minutesOf(a.from) - minutesOf(b.from))) {
      const s = Math.max(from, day + minutesOf(r.from) * 60_000);
      const e = Math.min(to, day + minutesOf(r.to) * 60_000);
      if (e <= s) continue;
      const last = out[out.length - 1];
      if (last && last[1] >= s) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
  }
  return out;
}
