import { describe, expect, it } from 'vitest';
import { navSection, parseRoute, routePath, type Route } from './routes.js';

describe('parseRoute / routePath', () => {
  it.each<[string, Route]>([
    ['/', { page: 'overview' }],
    ['', { page: 'overview' }],
    ['/wards/tran-phu', { page: 'ward', wardId: 'tran-phu' }],
    ['/wards/', { page: 'overview' }],
    ['/incidents', { page: 'incidents' }],
    ['/incidents/42', { page: 'incident', incidentId: '42' }],
    ['/equipment', { page: 'equipment' }],
    ['/reports', { page: 'reports' }],
    ['/settings', { page: 'settings', section: 'wards' }],
    ['/settings/audit', { page: 'settings', section: 'audit' }],
    ['/settings/nope', { page: 'not_found', path: '/settings/nope' }],
    ['/wards/a/b', { page: 'not_found', path: '/wards/a/b' }],
    ['/nope', { page: 'not_found', path: '/nope' }],
    ['/wards/%E0%A4%A', { page: 'overview' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it.each<Route>([
    { page: 'overview' },
    { page: 'ward', wardId: 'tịnh ấn' },
    { page: 'incidents' },
    { page: 'incident', incidentId: 'a/b' },
    { page: 'equipment' },
    { page: 'reports' },
    { page: 'settings', section: 'users' },
  ])('round-trips %j', (route) => {
    expect(parseRoute(routePath(route))).toEqual(route);
  });

  it('maps pages to their navigation section', () => {
    expect(navSection({ page: 'ward', wardId: 'x' })).toBe('overview');
    expect(navSection({ page: 'incident', incidentId: '1' })).toBe('incidents');
    expect(navSection({ page: 'not_found', path: '/x' })).toBeNull();
  });
});
