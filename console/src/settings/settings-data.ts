/** Asia/Ho_Chi_Minh is UTC+7 all year: form inputs are read and shown in city time. */
const CITY_OFFSET_MS = 7 * 3600_000;

export interface TimeRange {
  from: string;
  to: string;
}

/** "07:00–11:30, 13:30–17:00" (an empty day reads as an empty string). */
export function formatRanges(ranges: readonly TimeRange[]): string {
  return ranges.map((r) => `${r.from}–${r.to}`).join(', ');
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Parses what formatRanges writes (any dash, commas or semicolons); null when malformed. */
export function parseRanges(text: string): TimeRange[] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const out: TimeRange[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) return null;
    const from = (m[1] ?? '').padStart(5, '0');
    const to = (m[2] ?? '').padStart(5, '0');
    if (!HHMM.test(from) || !HHMM.test(to) || from >= to) return null;
    out.push({ from, to });
  }
  return out;
}

/** Holidays as one YYYY-MM-DD per line or comma; null when one is malformed. */
export function parseHolidays(text: string): string[] | null {
  const days = text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ? days : null;
}

/** epoch ms → the value of an `<input type="datetime-local">` in city time. */
export function toLocalInput(ms: number): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 16);
}

/** An `<input type="datetime-local">` value read as city time → epoch ms (NaN if empty). */
export function fromLocalInput(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return Number.NaN;
  return Date.parse(`${value.slice(0, 16)}:00Z`) - CITY_OFFSET_MS;
}

/** The command an installer runs on the ward workstation to enroll it. */
export function enrollCommand(serverOrigin: string, token: string): string {
  return `wardwatch-agent enroll --server ${serverOrigin} --token ${token}`;
}
