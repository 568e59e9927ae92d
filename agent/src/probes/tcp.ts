import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProbeOutcome, ProbeStrategy } from './probe.js';

/** Time to a completed TCP handshake; refused, unreachable or slow is a `down` outcome. */
export const tcpProbe: ProbeStrategy = (target) => ({
  run(signal) {
    const timeoutMs = target.timeoutMs ?? 5000;
    if (!target.host || !target.port) {
      return Promise.resolve({ status: 'error', error: 'tcp target needs host and port' });
    }
    const host = target.host;
    const port = target.port;
    return new Promise<ProbeOutcome>((resolve) => {
      const startedAt = performance.now();
      const socket = connect({ host, port });
      let settled = false;
      const finish = (outcome: ProbeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(outcome);
      };
      const onAbort = () => finish({ status: 'down', reason: 'aborted', sent: 1, received: 0 });
      const timer = setTimeout(
        () => finish({ status: 'down', reason: 'timeout', sent: 1, received: 0, lossPct: 100 }),
        timeoutMs,
      );
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        const ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
        finish({
          status: 'up',
          rttMs: { min: ms, avg: ms, max: ms, mdev: 0 },
          sent: 1,
          received: 1,
          lossPct: 0,
          timings: { connectMs: ms },
        });
      });
      socket.once('error', (err: Error & { code?: string }) =>
        finish({
          status: 'down',
          reason: err.code ?? err.message,
          sent: 1,
          received: 0,
          lossPct: 100,
        }),
      );
    });
  },
});
