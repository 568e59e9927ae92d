import { describe, expect, it } from 'vitest';
import { parseResponseHead, sessionPlan } from './service-session.js';

describe('session plan and keep-warm replies', () => {
  it.each([
    [
      { url: 'https://hotich.example/api/ping' },
      { host: 'hotich.example', port: 443, tls: true, httpPath: '/api/ping' },
    ],
    [{ url: 'http://10.0.0.5:8080' }, { host: '10.0.0.5', port: 8080, tls: false, httpPath: '/' }],
    [
      { url: 'tls://csdl.example:8443' },
      { host: 'csdl.example', port: 8443, tls: true, httpPath: null },
    ],
    [
      { host: '10.0.0.9', port: 5000 },
      { host: '10.0.0.9', port: 5000, tls: false, httpPath: null },
    ],
  ])('%j', (t, plan) => expect(sessionPlan(t)).toEqual(plan));

  it('rejects what it cannot keep open', () => {
    expect(sessionPlan({ url: 'ftp://x' })).toBeNull();
    expect(sessionPlan({ host: 'x' })).toBeNull();
    expect(sessionPlan({ url: 'not a url' })).toBeNull();
  });

  it('parses a complete response head only', () => {
    expect(parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n')).toBeNull();
    expect(parseResponseHead('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n')).toEqual({
      status: 204,
      close: false,
    });
    expect(parseResponseHead('HTTP/1.1 503 Busy\r\nconnection: close\r\n\r\n')).toEqual({
      status: 503,
      close: true,
    });
  });
});
