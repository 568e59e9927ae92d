import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import type { ProbeOutcome, ProbeStrategy } from './probe.js';

/** `IP`, `IP:PORT` or `[IPv6]:PORT` as c-ares takes it; anything else is rejected. */
export function dnsServerSpec(spec: string): string | null {
  const s = spec.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$/.test(s)) return s;
  if (/^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(s)) return s;
  if (/^[0-9a-f:]+$/i.test(s) && s.includes(':')) return s;
  return null;
}

/**
 * Time to resolve `host` (A, else AAAA) through the configured server or the system's
 * resolvers. NXDOMAIN, SERVFAIL and timeouts are `down` with the resolver's code.
 */
export const dnsProbe: ProbeStrategy = (target) => ({
  async run(signal) {
    if (!target.host) return { status: 'error', error: 'dns target needs host' };
    const timeoutMs = target.timeoutMs ?? 5000;
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    if (target.dnsServer) {
      const server = dnsServerSpec(target.dnsServer);
      if (!server) return { status: 'error', error: `bad dnsServer: ${target.dnsServer}` };
      resolver.setServers([server]);
    }
    const onAbort = () => resolver.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    const startedAt = performance.now();
    try {
      let addrs = await resolver.resolve4(target.host).catch(async (err: { code?: string }) => {
        if (err.code === 'ENODATA') return resolver.resolve6(target.host as string);
        throw err;
      });
      const ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
      addrs = addrs ?? [];
      const outcome: ProbeOutcome = {
        status: 'up',
        sent: 1,
        received: 1,
        lossPct: 0,
        rttMs: { min: ms, avg: ms, max: ms, mdev: 0 },
        timings: { dnsMs: ms },
      };
      return addrs.length > 0
        ? outcome
        : { status: 'down', reason: 'no_address', sent: 1, received: 0, lossPct: 100 };
    } catch (err) {
      const code = (err as { code?: string }).code ?? String(err);
      return { status: 'down', reason: code, sent: 1, received: 0, lossPct: 100 };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  },
});
