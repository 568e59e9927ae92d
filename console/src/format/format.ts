import { INTL_LOCALE, TIME_ZONE, type Locale } from '../i18n/i18n.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Below this age a time reads as "just now" rather than a count of seconds. */
export const JUST_NOW_MS = 5 * SECOND_MS;

export type RelativeAge =
  { kind: 'just_now' } | { kind: 'ago'; value: number; unit: 'second' | 'minute' | 'hour' | 'day' };

/** How long ago `thenMs` was at `nowMs`, in the largest whole unit (future times count as now). */
export function relativeAge(thenMs: number, nowMs: number): RelativeAge {
  const ageMs = Math.max(0, nowMs - thenMs);
  if (ageMs < JUST_NOW_MS) return { kind: 'just_now' };
  if (ageMs < MINUTE_MS)
    return { kind: 'ago', value: Math.floor(ageMs / SECOND_MS), unit: 'second' };
  if (ageMs < HOUR_MS) return { kind: 'ago', value: Math.floor(ageMs / MINUTE_MS), unit: 'minute' };
  if (ageMs < DAY_MS) return { kind: 'ago', value: Math.floor(ageMs / HOUR_MS), unit: 'hour' };
  return { kind: 'ago', value: Math.floor(ageMs / DAY_MS), unit: 'day' };
}

/** "3 phút trước" / "3 minutes ago"; `justNow` is the catalog's word for a fresh time. */
export function formatRelative(
  thenMs: number,
  nowMs: number,
  locale: Locale,
  justNow: string,
): string {
  const age = relativeAge(thenMs, nowMs);
  switch (age.kind) {
    case 'just_now':
      return justNow;
    case 'ago':
      return new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: 'always' }).format(
        -age.value,
        age.unit,
      );
    default: {
      const unreachable: never = age;
      return unreachable;
    }
  }
}

/** A full date and time in the city's time zone, e.g. for a tooltip. */
export function formatDateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(ms);
}

/**
 * Building an Intl formatter costs far more than using one, and a board of 1,000 wards
 * formats thousands of numbers: keep one per locale and precision.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 1): string {
  const key = `${locale}/${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** "2 giờ 5 phút" / "2 hr, 5 min": the two largest units, or seconds under a minute. */
export function formatDuration(ms: number, locale: Locale): string {
  const unit = (value: number, u: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: 'unit',
      unit: u,
      unitDisplay: 'long',
    }).format(value);
  const totalSec = Math.max(0, Math.round(ms / SECOND_MS));
  if (totalSec < 60) return unit(totalSec, 'second');
  const days = Math.floor(totalSec / 86_400);
  const hours = Math.floor((totalSec % 86_400) / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const parts: string[] = [];
  if (days > 0) parts.push(unit(days, 'day'));
  if (hours > 0 && parts.length < 2) parts.push(unit(hours, 'hour'));
  if (minutes > 0 && parts.length < 2 && days === 0) parts.push(unit(minutes, 'minute'));
  return parts.join(' ');
}

/** A chart axis label: time of day for spans up to two days, else day and month. */
export function formatAxisTime(ms: number, spanMs: number, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 2 * DAY_MS
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { day: '2-digit', month: '2-digit' };
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: TIME_ZONE, ...options }).format(
    ms,
  );
}

export function formatDate(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    dateStyle: 'short',
  }).format(ms);
}

export function formatPercent(ratio: number, locale: Locale, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'percent',
    maximumFractionDigits,
  }).format(ratio);
}
