import { describe, expect, it } from 'vitest';
import { enrollFlagProblem } from './enroll.js';

describe('enrollFlagProblem', () => {
  it.each([
    [{ server: 'https://ww.example.vn' }],
    [{ server: 'wss://ww.example.vn:8443', caFile: 'ca.pem' }],
    [{ server: 'http://127.0.0.1:8080' }], // loopback: nothing crosses the network
    [{ server: 'ws://localhost:8080' }],
    [{ server: 'http://10.0.0.5:8080', allowInsecure: true }],
  ])('accepts %j', (flags) =>
    expect(enrollFlagProblem({ allowInsecure: false, ...flags })).toBeUndefined(),
  );

  it.each([
    [{ server: 'http://ww.example.vn' }, /plain http\/ws.*--allow-insecure/],
    [{ server: 'ws://10.0.0.5:8080' }, /unencrypted/],
    [{ server: 'http://127.0.0.1:8080', caFile: 'ca.pem' }, /--ca applies to https/],
    [{ server: 'ftp://ww.example.vn' }, /not an https/],
    [{ server: 'ww.example.vn' }, /not an https/],
  ])('refuses %j', (flags, expected) =>
    expect(enrollFlagProblem({ allowInsecure: false, ...flags })).toMatch(expected),
  );
});
