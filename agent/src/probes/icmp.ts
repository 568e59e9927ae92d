import ping from 'ping';
import { echoStats, parsePingOutput, type PingOutput } from './icmp-stats.js';
import { withDeadline, type ProbeOutcome, type ProbeStrategy } from './probe.js';

export const ECHOES_PER_ROUND = 4;

/** The outcome of one round from ping's raw output (pure; unit-tested over fixtures). */
export function icmpOutcome(parsed: PingOutput, requested = ECHOES_PER_ROUND): ProbeOutcome {
  if (parsed.unknownHost && parsed.timesMs.length === 0) {
    return { status: 'down', reason: 'unknown_host', sent: 0, received: 0, lossPct: 100 };
  }
  const echoLines = parsed.timesMs.length + parsed.unreachable + parsed.timeouts;
  const stats = echoStats(parsed.timesMs, parsed.sent ?? Math.max(requested, echoLines));
  if (stats.received === 0) {
    const reason = parsed.unreachable > 0 ? 'unreachable' : 'no_reply';
    return { status: 'down', reason, sent: stats.sent, received: 0, lossPct: 100 };
  }
  return { status: 'up', ...stats };
}

/** Options for the `ping` package; it throws on Windows when given a deadline. */
export function pingConfig(
  platform: NodeJS.Platform,
  perEchoTimeoutSec: number,
  deadlineSec: number,
) {
  return {
    numeric: true,
    min_reply: ECHOES_PER_ROUND,
    timeout: perEchoTimeoutSec,
    ...(platform !== 'win32' && { deadline: deadlineSec }),
  };
}

/** One round of several echoes through the system `ping`; a missing binary is an outcome. */
export const icmpProbe: ProbeStrategy = (target, deps) => ({
  async run(signal) {
    if (!target.host) return { status: 'error', error: 'icmp target needs host' };
    if (deps.findPing() === null) return { status: 'error', error: 'ping_missing' };
    const perEchoTimeoutSec = Math.max(1, Math.ceil((target.timeoutMs ?? 2000) / 1000));
    // ping sends one echo a second; -w makes iputils exit on its own even if a reply hangs.
    const deadlineSec = ECHOES_PER_ROUND + perEchoTimeoutSec;
    const work = ping.promise
      .probe(target.host, pingConfig(process.platform, perEchoTimeoutSec, deadlineSec))
      .then((result) => icmpOutcome(parsePingOutput(String(result.output ?? ''))));
    try {
      // The package never kills a hung ping: our own deadline bounds the round anyway.
      // ping.exe has no overall deadline: each lost echo waits its full per-echo timeout.
      const boundSec =
        process.platform === 'win32'
          ? ECHOES_PER_ROUND * (perEchoTimeoutSec + 1) + 2
          : deadlineSec + 2;
      return await withDeadline(work, boundSec * 1000, signal, () => ({
        status: 'down',
        reason: 'timeout',
        sent: ECHOES_PER_ROUND,
        received: 0,
        lossPct: 100,
      }));
    } catch (err) {
      return { status: 'error', error: `ping failed: ${(err as Error).message}` };
    }
  },
});
