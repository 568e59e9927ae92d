// The page's location at the browser edge: History API pushes, announced to RouteControllers.
const changes = new EventTarget();

export function currentPath(): string {
  return location.pathname;
}

/** Go to `path` (with optional `?query`) without reloading; a no-op when already there. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  changes.dispatchEvent(new Event('change'));
}

export function onNavigate(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  addEventListener('popstate', listener);
  return () => {
    changes.removeEventListener('change', listener);
    removeEventListener('popstate', listener);
  };
}

/**
 * A same-origin, plain left click on an `<a href>` (inside any shadow root) becomes an
 * in-page navigation; modified clicks, downloads and other targets keep the browser's way.
 */
export function interceptLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
    return;
  }
  const anchor = e
    .composedPath()
    .find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
  window.scrollTo(0, 0);
}
