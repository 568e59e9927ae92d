import { describe, expect, it } from 'vitest';
import { certDaysLeft, phaseTimings, statusOk } from './http-timings.js';
import { targetUrl } from './http.js';

describe('http probe pure parts', () => {
  it('phases are measured from the end of the previous one; absent phases are omitted', () => {
    expect(
      phaseTimings({ start: 100, lookup: 103, connect: 110, secureConnect: 130, firstByte: 180 }),
    ).toEqual({
      dnsMs: 3,
      connectMs: 7,
      tlsMs: 20,
      firstByteMs: 50,
    });
    expect(phaseTimings({ start: 0, connect: 2.5, firstByte: 4 })).toEqual({
      connectMs: 2.5,
      firstByteMs: 1.5,
    });
  });

  it('certificate days left, negative once expired', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(certDaysLeft('Jan 31 00:00:00 2026 GMT', now)).toBe(30);
    expect(certDaysLeft('Dec 31 00:00:00 2025 GMT', now)).toBe(-1);
    expect(certDaysLeft(undefined, now)).toBeUndefined();
    expect(certDaysLeft('garbage', now)).toBeUndefined();
  });

  it.each([
    [200, undefined, true],
    [302, undefined, true],
    [404, undefined, false],
    [503, undefined, false],
    [404, 404, true],
    [200, 204, false],
  ])('status %d, expected %s → %s', (status, expected, ok) =>
    expect(statusOk(status, expected)).toBe(ok),
  );

  it('url from url, or from host and port', () => {
    expect(targetUrl({ url: 'https://dvc.example/x' })?.href).toBe('https://dvc.example/x');
    expect(targetUrl({ host: '10.0.0.1', port: 443 })?.href).toBe('https://10.0.0.1/');
    expect(targetUrl({ host: '10.0.0.1', port: 8080 })?.href).toBe('http://10.0.0.1:8080/');
    expect(targetUrl({})).toBeNull();
  });
});
