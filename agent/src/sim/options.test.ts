import { describe, expect, it } from 'vitest';
import { parseSimOptions } from './options.js';

const env = { WARDWATCH_ADMIN_PASSWORD: 'pw' };

describe('parseSimOptions', () => {
  it('fills the defaults of DESIGN §5', () => {
    expect(parseSimOptions(['--server', 'http://127.0.0.1:8080'], env)).toMatchObject({
      wards: 23,
      stationsPerWard: 1,
      seed: 1,
      password: 'pw',
      username: 'admin',
    });
  });

  it.each([
    [[], env, /--server URL is required/],
    [['--server', 'nope'], env, /not a URL/],
    [['--server', 'ftp://x'], env, /http\(s\) or ws\(s\)/],
    [['--server', 'http://127.0.0.1', '--wards', '0'], env, /--wards: expected a whole number/],
    [['--server', 'http://127.0.0.1', '--seed', '1.5'], env, /--seed/],
    [['--server', 'http://127.0.0.1'], {}, /admin password is needed/],
    [['--server', 'http://127.0.0.1', '--bogus'], env, /bogus/],
  ])('rejects %j', (argv, e, message) => {
    expect(() => parseSimOptions(argv, e)).toThrow(message);
  });
});
