import { describe, expect, it } from 'vitest';
import { consoleCacheControl } from './console-cache.js';

describe('consoleCacheControl', () => {
  it('caches content-hashed assets for a year, immutable', () => {
    for (const p of [
      'assets/index-C7_Pe5xH.js',
      'assets/ww-page-ward-DnasBvkw.js.map',
      'assets/style-AbCdEf12.css',
    ]) {
      expect(consoleCacheControl(p)).toBe('public, max-age=31536000, immutable');
    }
  });

  it('revalidates index.html and files without a hash', () => {
    for (const p of [
      'index.html',
      'favicon.svg',
      'assets/app.js',
      'assets/sub/x-C7_Pe5xH.js',
      '../x-C7_Pe5xH.js',
    ]) {
      expect(consoleCacheControl(p)).toBe('no-cache');
    }
  });
});
