import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';

describe('parseArgs', () => {
  it.each([
    [
      ['enroll', '--server', 'http://h', '--token', 't'],
      { command: 'enroll', server: 'http://h', token: 't', allowInsecure: false },
    ],
    [
      ['enroll', '--server', 'https://h', '--token', 't', '--ca', 'ca.pem', '--allow-insecure'],
      { command: 'enroll', server: 'https://h', ca: 'ca.pem', allowInsecure: true },
    ],
    [['run', '--config=/a.json'], { command: 'run', config: '/a.json' }],
    [['status', '--lang', 'en'], { command: 'status', lang: 'en' }],
    [['status', '--data-dir', '/var/x'], { command: 'status', dataDir: '/var/x' }],
    [['doctor'], { command: 'doctor' }],
    [[], { command: 'help' }],
    [['--help'], { command: 'help' }],
  ])('%j', (argv, expected) => expect(parseArgs(argv)).toMatchObject(expected));

  it.each([
    [['run', '--bogus']],
    [['status', '--token', 'x']],
    [['enroll', '--server', 'http://h']],
    [['status', '--lang', 'fr']],
    [['status', '--data-dir']],
    [['status', '--data-dir=']],
    [['status', '--data-dir', '/d', '--config', '/c.json']],
    [['run', '--data-dir', '/d']],
    [['run', '--config']],
    [['run', 'extra']],
    [['launch']],
    [['enroll', '--server', 'http://h', '--token', 't', '--allow-insecure=yes']],
    [['enroll', '--server', 'https://h', '--token', 't', '--ca']],
    [['run', '--allow-insecure']],
  ])('usage error for %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
