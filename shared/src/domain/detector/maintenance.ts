import Type, { type Static } from 'typebox';

const DAY_MS = 86_400_000;

export const RecurrenceSchema = Type.Union([
  Type.Literal('none'),
  Type.Literal('daily'),
  Type.Literal('weekly'),
]);

/**
 * A planned maintenance window: the first occurrence is [startsAt, endsAt); a recurring one
 * repeats every day or week (until `until`). No ward/target: it covers all of them.
 * Period arithmetic in epoch ms is exact for Asia/Ho_Chi_Minh (no daylight saving).
 */
export const MaintenanceWindowSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    startsAt: Type.Integer({ minimum: 0 }),
    endsAt: Type.Integer({ minimum: 0 }),
    recurrence: RecurrenceSchema,
    until: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    wardId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    target: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type MaintenanceWindow = Static<typeof MaintenanceWindowSchema>;

const PERIOD_MS = { none: 0, daily: DAY_MS, weekly: 7 * DAY_MS } as const;

/** Whether `t` falls inside an occurrence of the window. */
export function windowCovers(w: MaintenanceWindow, t: number): boolean {
  if (t < w.startsAt) return false;
  const lengthMs = w.endsAt - w.startsAt;
  const period = PERIOD_MS[w.recurrence];
  if (period === 0) return t < w.endsAt;
  if (w.until !== null && t >= w.until) return false;
  return (t - w.startsAt) % period < lengthMs;
}

/** The first window that covers a fault of `wardId`/`target` starting at `t`, if any. */
export function matchingWindow(
  windows: readonly MaintenanceWindow[],
  wardId: string,
  target: string | undefined,
  t: number,
): MaintenanceWindow | undefined {
  return windows.find(
    (w) =>
      (w.wardId === null || w.wardId === wardId) &&
      (w.target === null || w.target === target) &&
      windowCovers(w, t),
  );
}

/** The window's occurrences overlapping [from, to), clipped to it, in order. */
export function windowOccurrences(
  w: MaintenanceWindow,
  from: number,
  to: number,
): [number, number][] {
  const lengthMs = w.endsAt - w.startsAt;
  if (lengthMs <= 0) return [];
  const period = PERIOD_MS[w.recurrence];
  const clip = (s: number): [number, number] | null => {
    const e = Math.min(to, s + lengthMs, w.until ?? Infinity);
    const c = Math.max(from, s);
    return e > c ? [c, e] : null;
  };
  if (period === 0) {
    const one = clip(w.startsAt);
    return one ? [one] : [];
  }
  const out: [number, number][] = [];
  const first = Math.max(0, Math.floor((from - w.startsAt - lengthMs) / period) + 1);
  for (let s = w.startsAt + first * period; s < to; s += period) {
    if (w.until !== null && s >= w.until) break;
    const occ = clip(s);
    if (occ) out.push(occ);
  }
  return out;
}
