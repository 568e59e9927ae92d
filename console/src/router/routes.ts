/** The console's pages, as parsed from a location path (History API; the server falls back to index.html). */
export type Route =
  | { page: 'overview' }
  | { page: 'ward'; wardId: string }
  | { page: 'incidents' }
  | { page: 'incident'; incidentId: string }
  | { page: 'equipment' }
  | { page: 'reports' }
  | { page: 'settings'; section: SettingsSection }
  | { page: 'not_found'; path: string };

export const SETTINGS_SECTIONS = [
  'wards',
  'stations',
  'targets',
  'maintenance',
  'office-hours',
  'retention',
  'notifications',
  'users',
  'audit',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

const isSection = (s: string): s is SettingsSection =>
  (SETTINGS_SECTIONS as readonly string[]).includes(s);

function decode(part: string): string | null {
  try {
    const value = decodeURIComponent(part);
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  const [head, arg, extra] = parts;
  if (extra !== undefined) return { page: 'not_found', path: pathname };
  const id = arg === undefined ? null : decode(arg);
  switch (head) {
    case undefined:
      return { page: 'overview' };
    case 'wards':
      return id ? { page: 'ward', wardId: id } : { page: 'overview' };
    case 'incidents':
      if (arg === undefined) return { page: 'incidents' };
      return id ? { page: 'incident', incidentId: id } : { page: 'not_found', path: pathname };
    case 'equipment':
      return arg === undefined ? { page: 'equipment' } : { page: 'not_found', path: pathname };
    case 'reports':
      return arg === undefined ? { page: 'reports' } : { page: 'not_found', path: pathname };
    case 'settings':
      if (arg === undefined) return { page: 'settings', section: 'wards' };
      return id && isSection(id)
        ? { page: 'settings', section: id }
        : { page: 'not_found', path: pathname };
    default:
      return { page: 'not_found', path: pathname };
  }
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/';
    case 'ward':
      return `/wards/${encodeURIComponent(route.wardId)}`;
    case 'incidents':
      return '/incidents';
    case 'incident':
      return `/incidents/${encodeURIComponent(route.incidentId)}`;
    case 'equipment':
      return '/equipment';
    case 'reports':
      return '/reports';
    case 'settings':
      return `/settings/${route.section}`;
    case 'not_found':
      return route.path;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** The top-level section a route belongs to, for the navigation's "current page" mark. */
export type NavSection = 'overview' | 'incidents' | 'equipment' | 'reports' | 'settings';

export function navSection(route: Route): NavSection | null {
  switch (route.page) {
    case 'overview':
    case 'ward':
      return 'overview';
    case 'incidents':
    case 'incident':
      return 'incidents';
    case 'equipment':
      return 'equipment';
    case 'reports':
      return 'reports';
    case 'settings':
      return 'settings';
    case 'not_found':
      return null;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
