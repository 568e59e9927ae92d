/** Vite names every file under assets/ by its content hash: such a URL never changes content. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9.]+$/;

/**
 * Cache-Control for a file of the built console, by its path relative to the console folder:
 * hashed assets are cached for a year without revalidation; everything else (index.html,
 * unhashed files) is revalidated on every load, so a new build is picked up at once.
 */
export function consoleCacheControl(relativePath: string): string {
  const path = relativePath.split('\\').join('/');
  return HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
