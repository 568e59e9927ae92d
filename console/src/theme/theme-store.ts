// Light/dark at the browser edge: `auto` follows prefers-color-scheme; a choice is kept in
// localStorage and set as <html data-theme>, which the tokens in index.html read.
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'wardwatch.theme';
const changes = new EventTarget();

function readStored(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return THEMES.find((t) => t === value) ?? 'auto';
  } catch {
    return 'auto';
  }
}

let current: Theme = readStored();

export function getTheme(): Theme {
  return current;
}

export function setTheme(theme: Theme): void {
  current = theme;
  try {
    if (theme === 'auto') globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  } catch {
    // Applied for this page only.
  }
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  changes.dispatchEvent(new Event('change'));
}

/** Called on a toggle and when the system setting flips while on `auto`. */
export function onThemeChange(listener: () => void): () => void {
  const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  changes.addEventListener('change', listener);
  media?.addEventListener('change', listener);
  return () => {
    changes.removeEventListener('change', listener);
    media?.removeEventListener('change', listener);
  };
}
