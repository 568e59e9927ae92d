import { en } from './en.js';
import { vi, type Catalog, type MessageKey } from './vi.js';

export type { Catalog, MessageKey };
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

/** BCP 47 tags handed to `Intl`; the time zone is fixed by the product (DESIGN §2). */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { vi: 'vi-VN', en: 'en-GB' };
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { vi, en };

export type MessageParams = Readonly<Record<string, string | number>>;

/** Replaces `{name}` placeholders; an unknown placeholder is left as written. */
export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return fill(CATALOGS[locale][key], params);
}

/** A stored or requested language, falling back to Vietnamese for anything unknown. */
export function parseLocale(value: string | null | undefined): Locale {
  return LOCALES.find((l) => l === value) ?? DEFAULT_LOCALE;
}

/** The `{name}` placeholders a template uses, sorted (catalogs must agree on them). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
