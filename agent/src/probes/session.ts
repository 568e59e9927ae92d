import { connect } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { sessionPlan } from '../sessions/service-session.js';
import { httpProbe } from './http.js';
import type { ProbeOutcome, ProbeStrategy } from './probe.js';
import { tcpProbe } from './tcp.js';

/**
 * One-shot check of a session target (for `doctor`); the running agent keeps the
 * long-lived connection in sessions/service-session.ts instead.
 */
export const sessionOnceProbe: ProbeStrategy = (target, deps) => ({
  run(signal) {
    const plan = sessionPlan(target);
    if (!plan) {
      return Promise.resolve({
        status: 'error',
        error: 'session target needs url or host and port',
      });
    }
    if (plan.httpPath !== null) return httpProbe(target, deps).run(signal);
    if (!plan.tls)
      return tcpProbe({ ...target, host: plan.host, port: plan.port }, deps).run(signal);
    return new Promise<ProbeOutcome>((resolve) => {
      const startedAt = performance.now();
      const socket = connect({
        host: plan.host,
        port: plan.port,
        ...(deps.tlsCa && { ca: deps.tlsCa }),
      });
      const timer = setTimeout(
        () => done({ status: 'down', reason: 'timeout' }),
        target.timeoutMs ?? 10_000,
      );
      timer.unref();
      const done = (o: ProbeOutcome) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(o);
      };
      socket.once('secureConnect', () => {
        const ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
        done({
          status: 'up',
          sent: 1,
          received: 1,
          lossPct: 0,
          rttMs: { min: ms, avg: ms, max: ms, mdev: 0 },
        });
      });
      socket.once('error', (err: Error & { code?: string }) =>
        done({
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
