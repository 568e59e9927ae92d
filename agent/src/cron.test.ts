import { describe, expect, it } from 'vitest';
import { CronJob } from './cron-job.js';
import { CronError, cronProblem, nextCronRun, parseCron } from './cron.js';
import type { Logger } from './log.js';

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s);
const next = (expr: string, after: Date) => nextCronRun(parseCron(expr), after);

describe('parseCron', () => {
  it('reads 5 fields (second 0) and 6 fields', () => {
    const five = parseCron('17 3 * * *');
    expect(five.seconds).toEqual([0]);
    expect(five.minutes).toEqual([17]);
    expect(five.hours).toEqual([3]);
    expect(five.days.size).toBe(31);
    expect(parseCron('30 17 3 * * *').seconds).toEqual([30]);
  });

  it('reads lists, ranges, steps and names', () => {
    const spec = parseCron('0,30 */6 1-10/3 jan,JUL-aug mon-fri');
    expect(spec.minutes).toEqual([0, 30]);
    expect(spec.hours).toEqual([0, 6, 12, 18]);
    expect([...spec.days]).toEqual([1, 4, 7, 10]);
    expect([...spec.months]).toEqual([1, 7, 8]);
    expect([...spec.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron('5/20 * * * *').minutes).toEqual([5, 25, 45]);
  });

  it('takes 7 as Sunday', () => {
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it.each([
    ['every day at 3', /expected 5 or 6 fields, got 4/],
    ['60 3 * * *', /minute: "60" is not in 0–59/],
    ['0 24 * * *', /hour: "24"/],
    ['0 0 0 * *', /day of month: "0"/],
    ['0 0 * 13 *', /month: "13"/],
    ['0 0 * * 8', /day of week: "8"/],
    ['0 0 * * funday', /day of week: "funday"/],
    ['0 5-1 * * *', /hour: range "5-1" runs backwards/],
    ['*/0 * * * *', /minute: step must be at least 1/],
    ['1//2 * * * *', /minute: cannot read "1\/\/2"/],
    ['@daily', /expected 5 or 6 fields/],
    ['0 0 30 2 *', /never come together/],
  ])('refuses "%s"', (expr, re) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(re);
    expect(cronProblem(expr)).toMatch(re);
  });

  it('cronProblem is null for a good expression', () => {
    expect(cronProblem('47 3 * * *')).toBeNull();
  });
});

describe('nextCronRun (local time)', () => {
  it('later today, else tomorrow', () => {
    expect(next('17 3 * * *', at(2026, 11, 29, 1, 0))).toEqual(at(2026, 11, 29, 3, 17));
    expect(next('17 3 * * *', at(2026, 11, 29, 3, 17))).toEqual(at(2026, 11, 30, 3, 17));
    expect(next('17 3 * * *', at(2026, 12, 31, 4, 0))).toEqual(at(2027, 1, 1, 3, 17));
  });

  it('is strictly after, down to the second', () => {
    expect(next('* * * * * *', at(2026, 1, 1, 10, 0, 5))).toEqual(at(2026, 1, 1, 10, 0, 6));
    expect(next('*/15 * * * *', at(2026, 1, 1, 10, 14, 59))).toEqual(at(2026, 1, 1, 10, 15));
  });

  it('needs both day of month and weekday (node-cron semantics)', () => {
    // Fridays the 13th in 2026: February, March, November.
    expect(next('0 9 13 * fri', at(2026, 1, 1))).toEqual(at(2026, 2, 13, 9));
    expect(next('0 9 13 * fri', at(2026, 2, 14))).toEqual(at(2026, 3, 13, 9));
    expect(next('0 9 13 * fri', at(2026, 3, 14))).toEqual(at(2026, 11, 13, 9));
  });

  it('finds 29 February', () => {
    expect(next('0 0 29 2 *', at(2026, 3, 1))).toEqual(at(2028, 2, 29));
  });
});

describe('CronJob', () => {
  const logs: string[] = [];
  const log: Logger = {
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m, f) => logs.push(`error ${m} ${JSON.stringify(f)}`),
  };

  it('runs at each matching second, skips a run while one is going, stops', async () => {
    let runs = 0;
    let release = () => {};
    const job = new CronJob(
      '* * * * * *',
      () => {
        runs += 1;
        return new Promise<void>((r) => (release = r));
      },
      { name: 'every-second', log },
    );
    job.start();
    expect(job.next!.getTime() - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, 2300));
    expect(runs).toBe(1); // the first run is still going: the next ones were skipped
    expect(logs.filter((l) => l.startsWith('warn')).length).toBeGreaterThanOrEqual(1);
    release();
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(2);
    job.stop();
    expect(job.next).toBeNull();
    release();
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(2);
  });

  it('logs a failed run and keeps going', async () => {
    let runs = 0;
    const job = new CronJob(
      '* * * * * *',
      () => {
        runs += 1;
        throw new Error('disk full');
      },
      { name: 'failing', log },
    );
    job.start();
    await new Promise((r) => setTimeout(r, 2200));
    job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(logs.some((l) => l.includes('scheduled job failed') && l.includes('disk full'))).toBe(
      true,
    );
  });

  it('refuses a bad expression at construction', () => {
    expect(() => new CronJob('61 * * * *', () => 0, { name: 'x', log })).toThrow(CronError);
  });
});
