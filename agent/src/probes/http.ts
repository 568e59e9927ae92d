import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { certDaysLeft, phaseTimings, statusOk, type RequestMarks } from './http-timings.js';
import type { ProbeOutcome, ProbeStrategy } from './probe.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** The probe's URL: `url`, else `http(s)://host[:port]/` (https when the port is 443). */
export function targetUrl(t: { url?: string; host?: string; port?: number }): URL | null {
  try {
    if (t.url) return new URL(t.url);
    if (!t.host) return null;
    const scheme = t.port === 443 ? 'https' : 'http';
    return new URL(`${scheme}://${t.host}${t.port ? `:${t.port}` : ''}/`);
  } catch {
    return null;
  }
}

/**
 * One GET with DNS, connect, TLS and first-byte timings, status, optional keyword and the
 * certificate's days left. A fresh connection each round (agent: false) so every phase is
 * measured.
 */
export const httpProbe: ProbeStrategy = (target, deps) => ({
  run(signal) {
    const url = targetUrl(target);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return Promise.resolve({ status: 'error', error: 'http target needs an http(s) url' });
    }
    const timeoutMs = target.timeoutMs ?? 10_000;
    const isTls = url.protocol === 'https:';
    return new Promise<ProbeOutcome>((resolve) => {
      const marks: RequestMarks = { start: performance.now() };
      let days: number | undefined;
      let settled = false;
      // Assigned below; finish() may only run after the request exists.
      const ref: { req?: ClientRequest } = {};
      const finish = (outcome: ProbeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        ref.req?.destroy();
        resolve(outcome);
      };
      const down = (reason: string, status?: number): ProbeOutcome => ({
        status: 'down',
        reason,
        sent: 1,
        received: 0,
        lossPct: 100,
        timings: phaseTimings(marks),
        ...(status !== undefined && { httpStatus: status }),
        ...(days !== undefined && { certDaysLeft: days }),
      });
      const onAbort = () => finish(down('aborted'));
      const timer = setTimeout(() => finish(down('timeout')), timeoutMs);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });

      const options = {
        method: 'GET',
        agent: false as const,
        headers: { 'user-agent': 'wardwatch-agent', connection: 'close' },
        ...(isTls && deps.tlsCa && { ca: deps.tlsCa }),
      };
      const onResponse = (res: IncomingMessage) => {
        marks.firstByte = performance.now();
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let bytes = 0;
        const done = () => {
          const timings = phaseTimings(marks);
          const totalMs = Math.round(((marks.firstByte as number) - marks.start) * 1000) / 1000;
          const base = {
            httpStatus: status,
            timings,
            rttMs: { min: totalMs, avg: totalMs, max: totalMs, mdev: 0 },
            ...(days !== undefined && { certDaysLeft: days }),
          };
          if (!statusOk(status, target.expectStatus)) {
            return finish({ status: 'down', reason: `status_${status}`, ...base });
          }
          if (target.keyword && !Buffer.concat(chunks).toString('utf8').includes(target.keyword)) {
            return finish({ status: 'down', reason: 'keyword_missing', ...base });
          }
          finish({ status: 'up', sent: 1, received: 1, lossPct: 0, ...base });
        };
        if (!target.keyword) {
          res.resume();
          return done();
        }
        res.on('data', (c: Buffer) => {
          if (bytes >= MAX_BODY_BYTES) return;
          chunks.push(c);
          bytes += c.length;
          if (bytes >= MAX_BODY_BYTES) done();
        });
        res.once('end', done);
        res.once('error', (err: Error & { code?: string }) =>
          finish(down(err.code ?? 'error', status)),
        );
      };
      const req = (isTls ? httpsRequest : httpRequest)(url, options, onResponse);
      ref.req = req;
      req.once('socket', (socket: Socket) => {
        socket.once('lookup', () => (marks.lookup = performance.now()));
        socket.once('connect', () => (marks.connect = performance.now()));
        if (isTls) {
          socket.once('secureConnect', () => {
            marks.secureConnect = performance.now();
            const cert = (socket as TLSSocket).getPeerCertificate();
            days = certDaysLeft(cert?.valid_to, Date.now());
          });
        }
      });
      req.once('error', (err: Error & { code?: string }) => finish(down(err.code ?? err.message)));
      req.end();
    });
  },
});
