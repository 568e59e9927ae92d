import ping from 'ping';
import { echoStats, echoTimes, transmittedCount } from './icmp-stats.js';
import { withDeadline, type ProbeOutcome, type ProbeStrategy } from './probe.js';

export const ECHOES_PER_ROUND = 4;

/** One round of several echoes through the system `ping`; a missing binary is an outcome. */
export const icmpProbe: ProbeStrategy = (target, deps) => ({
  async run(signal) {
    if (!target.host) return { status: 'error', error: 'icmp target needs host' };
    if (deps.findPing() === null) return { status: 'error', error: 'ping_missing' };
    const perEchoTimeoutSec = Math.max(1, Math.ceil((target.timeoutMs ?? 2000) / 1000));
    // ping sends one echo a second; -w makes iputils exit on its own even if a reply hangs.
    const deadlineSec = ECHOES_PER_ROUND + perEchoTimeoutSec;
    const work = ping.promise
      .probe(target.host, {
        numeric: true,
        min_reply: ECHOES_PER_ROUND,
        timeout: perEchoTimeoutSec,
        deadline: deadlineSec,
      })
      .then((result): ProbeOutcome => {
        const times = echoTimes(result);
        const sent = transmittedCount(String(result.output ?? '')) ?? ECHOES_PER_ROUND;
        const stats = echoStats(times, sent);
        if (stats.received === 0) return { status: 'down', reason: 'no_reply', ...stats };
        return { status: 'up', ...stats };
      });
    try {
      // The package never kills a hung ping: our own deadline bounds the round anyway.
      return await withDeadline(work, (deadlineSec + 2) * 1000, signal, () => ({
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
