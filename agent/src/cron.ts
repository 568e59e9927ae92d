/**
 * Cron expressions for the agent's two daily jobs (inventory, outbox compaction), in local time.
 * Our own because node-cron formats every date through `Intl.DateTimeFormat`, and the first use
 * of Intl maps ICU's data into the process: ≈ 5.5 MB of the agent's 60 MB RSS budget
 * (docs/benchmarks.md). Plain `Date` getters need none of it.
 *
 * Syntax (node-cron's, minus its extensions): `[second] minute hour day-of-month month
 * day-of-week`; each field `*`, `n`, `a-b`, `*`/`a-b`/`a` followed by `/step`, or a comma list
 * of those; months `jan`–`dec`, weekdays `sun`–`sat` (0 or 7 = Sunday). Like node-cron, a day
 * must match BOTH day-of-month and day-of-week.
 */

export interface CronSpec {
  seconds: number[];
  minutes: number[];
  hours: number[];
  /** Sets of allowed values, by calendar value (month 1–12, weekday 0–6). */
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
}

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Field[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];
/** A day-of-month/month/weekday combination that never comes up in this long is refused. */
const SEARCH_DAYS = 366 * 8;

export class CronError extends Error {}

function parseValue(text: string, field: Field): number {
  const byName = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = byName >= 0 ? byName + (field.min === 1 ? 1 : 0) : /^\d+$/.test(text) ? +text : NaN;
  if (!(n >= field.min && n <= field.max)) {
    throw new CronError(`${field.name}: "${text}" is not in ${field.min}–${field.max}`);
  }
  return n;
}

function parseField(text: string, field: Field): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new CronError(`${field.name}: cannot read "${item}"`);
    const [, range, stepText] = m as unknown as [string, string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new CronError(`${field.name}: step must be at least 1 in "${item}"`);
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [field.min, field.max];
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-', 2);
      [from, to] = [parseValue(a, field), parseValue(b, field)];
      if (from > to) throw new CronError(`${field.name}: range "${range}" runs backwards`);
    } else {
      from = parseValue(range, field);
      to = stepText === undefined ? from : field.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Parse an expression; throws CronError naming the field that is wrong. */
export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new CronError(`expected 5 or 6 fields, got ${parts.length}`);
  }
  if (parts.length === 5) parts.unshift('0');
  const [seconds, minutes, hours, days, months, weekdays] = FIELDS.map((f, i) =>
    parseField(parts[i] ?? '', f),
  ) as [number[], number[], number[], number[], number[], number[]];
  const spec: CronSpec = {
    seconds,
    minutes,
    hours,
    days: new Set(days),
    months: new Set(months),
    weekdays: new Set(weekdays.map((d) => d % 7)),
  };
  if (nextCronRun(spec, new Date(2000, 0, 1)) === null) {
    throw new CronError('this day-of-month, month and day-of-week never come together');
  }
  return spec;
}

/** The expression's error, or null when it is valid (for config validation). */
export function cronProblem(expression: string): string | null {
  try {
    parseCron(expression);
    return null;
  } catch (err) {
    if (err instanceof CronError) return err.message;
    throw err;
  }
}

/** The first matching local time strictly after `after`, or null if none within ~8 years. */
export function nextCronRun(spec: CronSpec, after: Date): Date | null {
  const day = new Date(after.getFullYear(), after.getMonth(), after.getDate());
  for (let i = 0; i < SEARCH_DAYS; i++, day.setDate(day.getDate() + 1)) {
    if (
      !spec.months.has(day.getMonth() + 1) ||
      !spec.days.has(day.getDate()) ||
      !spec.weekdays.has(day.getDay())
    ) {
      continue;
    }
    // On the first day, skip whole hours and minutes already past (the search stays short).
    const today = i === 0;
    for (const h of spec.hours) {
      if (today && h < after.getHours()) continue;
      for (const m of spec.minutes) {
        if (today && h === after.getHours() && m < after.getMinutes()) continue;
        for (const s of spec.seconds) {
          const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s);
          // A local time skipped by a DST change normalises to another hour: not a match.
          if (at > after && at.getHours() === h) return at;
        }
      }
    }
  }
  return null;
}
