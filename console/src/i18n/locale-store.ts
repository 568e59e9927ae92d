import { DEFAULT_LOCALE, parseLocale, type Locale } from './i18n.js';

// The chosen language is page-wide state at the browser edge: remembered in localStorage,
// mirrored on <html lang>, announced to subscribers (LocaleController).
const STORAGE_KEY = 'wardwatch.locale';
const changes = new EventTarget();
let current: Locale = readStored();

function readStored(): Locale {
  try {
    return parseLocale(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    // Storage can be disabled (privacy mode); the default language still works.
    return DEFAULT_LOCALE;
  }
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but applied for this page.
  }
  document.documentElement.lang = locale;
  changes.dispatchEvent(new Event('change'));
}

/** Calls `listener` after every change; returns the unsubscribe function. */
export function onLocaleChange(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}
