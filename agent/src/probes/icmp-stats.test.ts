import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { echoStats, echoTimes, parsePingOutput, transmittedCount } from './icmp-stats.js';
import { icmpOutcome, pingConfig } from './icmp.js';
import type { ProbeOutcome } from './probe.js';

// Recorded iputils output (Debian 12, LANG=C) for 127.0.0.1, 4 echoes.
const IPUTILS = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.256 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.039 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.043 ms
64 bytes from 127.0.0.1: icmp_seq=4 ttl=64 time=0.146 ms

--- 127.0.0.1 ping statistics ---
4 packets transmitted, 4 received, 0% packet loss, time 3067ms
rtt min/avg/max/mdev = 0.039/0.121/0.256/0.088 ms
`;
const WINDOWS_EN = `Pinging 10.0.0.1 with 32 bytes of data:
Reply from 10.0.0.1: bytes=32 time=12ms TTL=64
Request timed out.

Ping statistics for 10.0.0.1:
    Packets: Sent = 2, Received = 1, Lost = 1 (50% loss),
`;

describe('echoStats', () => {
  it('matches iputils summary for the recorded round', () => {
    const s = echoStats([0.256, 0.039, 0.043, 0.146], 4);
    expect(s).toMatchObject({ sent: 4, received: 4, lossPct: 0 });
    expect(s.rttMs).toMatchObject({ min: 0.039, avg: 0.121, max: 0.256 });
    // iputils truncates µs in integer arithmetic (0.088); we round (0.089).
    expect(s.rttMs?.mdev).toBeCloseTo(0.088, 2);
  });

  it.each([
    [[10, 20], 4, 50],
    [[5], 4, 75],
    [[1, 2, 3], 3, 0],
  ])('times %j of %d sent → %d%% loss', (times, sent, loss) => {
    expect(echoStats(times, sent).lossPct).toBe(loss);
  });

  it('no replies: 100 % loss and no RTT', () => {
    expect(echoStats([], 4)).toEqual({ sent: 4, received: 0, lossPct: 100 });
  });

  it('never reports more received than sent, and ignores junk', () => {
    expect(echoStats([1, 2, NaN, -1], 1)).toMatchObject({ sent: 2, received: 2, lossPct: 0 });
  });
});

describe('ping result parsing', () => {
  it('takes per-echo times as numbers, from numbers or strings', () => {
    expect(echoTimes({ times: [0.2, '0.5', 'unknown', null] })).toEqual([0.2, 0.5]);
    expect(echoTimes({})).toEqual([]);
    expect(echoTimes(null)).toEqual([]);
  });

  it.each([
    [IPUTILS, 4],
    [WINDOWS_EN, 2],
    ['garbage', null],
  ])('transmitted count from output #%#', (output, n) => {
    expect(transmittedCount(output)).toBe(n);
  });
});

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/ping/${name}.txt`, import.meta.url), 'utf8');

describe('parsePingOutput + icmpOutcome over recorded/locale fixtures', () => {
  it.each<[string, Partial<ProbeOutcome> & { status: string }, number[] | null]>([
    [
      'linux-iputils-ok',
      { status: 'up', sent: 4, received: 4, lossPct: 0 },
      [0.136, 0.043, 0.045, 0.054],
    ],
    ['linux-iputils-partial', { status: 'up', sent: 4, received: 2, lossPct: 50 }, [21.4, 35.9]],
    [
      'linux-iputils-loss100',
      { status: 'down', reason: 'no_reply', sent: 4, received: 0, lossPct: 100 },
      [],
    ],
    [
      'linux-iputils-unreachable',
      { status: 'down', reason: 'unreachable', sent: 4, received: 0, lossPct: 100 },
      [],
    ],
    ['windows-en-ok', { status: 'up', sent: 4, received: 4, lossPct: 0 }, [14, 15, 0.5, 14]],
    ['windows-en-timeout', { status: 'up', sent: 4, received: 2, lossPct: 50 }, [48, 52]],
    [
      'windows-en-unreachable',
      { status: 'down', reason: 'unreachable', sent: 4, received: 0, lossPct: 100 },
      [],
    ],
    [
      'windows-en-unknown-host',
      { status: 'down', reason: 'unknown_host', sent: 0, lossPct: 100 },
      [],
    ],
    ['windows-vi-ok', { status: 'up', sent: 4, received: 4, lossPct: 0 }, [14, 16, 15, 0.5]],
    ['windows-vi-timeout', { status: 'up', sent: 4, received: 1, lossPct: 75 }, [120]],
    [
      'windows-vi-unreachable',
      { status: 'down', reason: 'unreachable', sent: 4, received: 0, lossPct: 100 },
      [],
    ],
  ])('%s', (name, expected, times) => {
    const parsed = parsePingOutput(fixture(name));
    if (times) expect(parsed.timesMs).toEqual(times);
    expect(icmpOutcome(parsed)).toMatchObject(expected);
  });

  it('Vietnamese round: RTT statistics computed from the per-echo times', () => {
    const out = icmpOutcome(parsePingOutput(fixture('windows-vi-ok')));
    expect(out).toMatchObject({ status: 'up', rttMs: { min: 0.5, max: 16, avg: 11.375 } });
  });

  it('ping package options: no deadline on Windows (the package throws on it)', () => {
    expect(pingConfig('win32', 2, 6)).not.toHaveProperty('deadline');
    expect(pingConfig('linux', 2, 6)).toMatchObject({ deadline: 6, min_reply: 4, timeout: 2 });
  });

  it('counts unreachable and timed-out lines', () => {
    expect(parsePingOutput(fixture('windows-vi-unreachable'))).toMatchObject({
      unreachable: 4,
      sent: 4,
    });
    expect(parsePingOutput(fixture('windows-vi-timeout'))).toMatchObject({ timeouts: 3, sent: 4 });
  });

  it('no summary (killed mid-round): sent from the echo lines or the request', () => {
    const parsed = parsePingOutput(
      'Reply from 10.0.0.1: bytes=32 time=3ms TTL=64\nRequest timed out.\n',
    );
    expect(parsed.sent).toBeNull();
    expect(icmpOutcome(parsed, 4)).toMatchObject({ sent: 4, received: 1, lossPct: 75 });
  });
});
