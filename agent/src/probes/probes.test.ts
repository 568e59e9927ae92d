import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '@wardwatch/shared';
import { findPing } from './find-ping.js';
import { icmpProbe } from './icmp.js';
import { toProbeRecord } from './probe.js';
import { tcpProbe } from './tcp.js';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const target = (over: Partial<Target>): Target => ({
  id: 't1',
  name: 'T',
  probe: 'tcp',
  host: '127.0.0.1',
  intervalMs: 1000,
  ...over,
});
const deps = { findPing: () => findPing() };

describe('tcp probe (real sockets)', () => {
  it('up with connect timing against a listening port', async () => {
    const out = await tcpProbe(target({ port }), deps).run(new AbortController().signal);
    expect(out.status).toBe('up');
    const rec = toProbeRecord(target({ port }), out, 1000);
    expect(rec).toMatchObject({ kind: 'probe', ok: true, target: 't1', probe: 'tcp', lossPct: 0 });
    expect(rec.timings?.connectMs).toBeGreaterThanOrEqual(0);
  });

  it('down (not thrown) when refused', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const out = await tcpProbe(target({ port: freePort }), deps).run(new AbortController().signal);
    expect(out).toMatchObject({ status: 'down', reason: 'ECONNREFUSED' });
    expect(toProbeRecord(target({}), out, 1)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
  });
});

describe('icmp probe', () => {
  it('a missing ping binary is an outcome, not a crash', async () => {
    const out = await icmpProbe(target({ probe: 'icmp' }), { findPing: () => null }).run(
      new AbortController().signal,
    );
    expect(out).toEqual({ status: 'error', error: 'ping_missing' });
  });

  it('finds no ping on an empty PATH', () => {
    expect(findPing({ PATH: '/nonexistent-dir' }, 'linux')).toBeNull();
  });

  it.skipIf(findPing() === null)(
    'pings 127.0.0.1 with several echoes',
    async () => {
      const out = await icmpProbe(target({ probe: 'icmp' }), deps).run(
        new AbortController().signal,
      );
      expect(out).toMatchObject({ status: 'up', sent: 4, received: 4, lossPct: 0 });
    },
    15_000,
  );
});
