import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';

describe('parseArgs', () => {
  it.each([
    [
      ['enroll', '--server', 'http://h', '--token', 't'],
      { command: 'enroll', server: 'http://h', token: 't' },
    ],
    [['run', '--config=/a.json'], { command: 'run', config: '/a.json' }],
    [['status', '--lang', 'en'], { command: 'status', lang: 'en' }],
    [['doctor'], { command: 'doctor' }],
    [[], { command: 'help' }],
    [['--help'], { command: 'help' }],
  ])('%j', (argv, expected) => expect(parseArgs(argv)).toMatchObject(expected));

  it.each([
    [['run', '--bogus']],
    [['status', '--token', 'x']],
    [['enroll', '--server', 'http://h']],
    [['status', '--lang', 'fr']],
    [['run', '--config']],
    [['run', 'extra']],
    [['launch']],
  ])('usage error for %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
