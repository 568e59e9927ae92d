import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess, type MetricsAccessInput } from './access.js';

const TOKEN = 'prometheus-token-0123';
const base: MetricsAccessInput = {
  token: null,
  authorization: undefined,
  role: null,
  peer: '10.0.0.5',
};

describe('metricsAccess', () => {
  it.each<[string, Partial<MetricsAccessInput>, string]>([
    ['loopback, no token configured', { peer: '127.0.0.1' }, 'allow'],
    ['IPv6 loopback', { peer: '::1' }, 'allow'],
    ['IPv4-mapped loopback', { peer: '::ffff:127.0.0.1' }, 'allow'],
    ['remote, no token configured', {}, 'login'],
    ['remote admin session', { role: 'admin' }, 'allow'],
    ['remote viewer session', { role: 'viewer' }, 'deny'],
    ['token sent', { token: TOKEN, authorization: `Bearer ${TOKEN}` }, 'allow'],
    ['token, lower-case scheme', { token: TOKEN, authorization: `bearer ${TOKEN}` }, 'allow'],
    ['wrong token', { token: TOKEN, authorization: 'Bearer prometheus-token-0124' }, 'login'],
    ['token missing', { token: TOKEN }, 'login'],
    ['token missing, even from loopback', { token: TOKEN, peer: '127.0.0.1' }, 'login'],
    ['token configured, admin session', { token: TOKEN, role: 'admin' }, 'allow'],
    ['token configured, officer session', { token: TOKEN, role: 'officer' }, 'deny'],
    ['basic auth instead', { token: TOKEN, authorization: `Basic ${TOKEN}` }, 'login'],
  ])('%s → %s', (_name, over, want) => {
    expect(metricsAccess({ ...base, ...over })).toBe(want);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['1127.0.0.1', false],
    [undefined, false],
  ])('%s → %s', (peer, want) => {
    expect(isLoopback(peer)).toBe(want);
  });
});
