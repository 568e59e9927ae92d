import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './machine.mjs';

const LOADGEN = join(ROOT, 'bench', 'loadgen.mjs');

/**
 * Fork `processes` load generators, give each a slice of `creds`, connect them all and report
 * the set-up rate. `begin()` starts the batches; `stats()` sums the latest counters.
 */
export async function startFleet({
  url,
  creds,
  processes,
  recordsPerBatch,
  batchIntervalMs,
  targets,
  connectConcurrency = 100,
  connectTimeoutMs = 180_000,
}) {
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws/agent`;
  const n = Math.max(1, Math.min(processes, creds.length || 1));
  const gens = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const slice = creds.filter((_, j) => j % n === i);
    const child = fork(LOADGEN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const gen = { child, slice, latest: null, connected: null, latencies: null, stopped: null };
    gen.connected = new Promise((resolve) => {
      child.on('message', (msg) => {
        if (msg.type === 'connected') resolve(msg);
        else if (msg.type === 'stats') gen.latest = msg;
        else if (msg.type === 'latencies') gen.latencies = msg;
      });
    });
    gen.stopped = new Promise((resolve) => child.once('exit', resolve));
    child.send({
      type: 'start',
      url: wsUrl,
      creds: slice,
      recordsPerBatch,
      batchIntervalMs,
      targets,
      connectConcurrency,
      localAddress: `127.0.${1 + (i % 250)}.1`,
    });
    gens.push(gen);
  }
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve('timeout'), connectTimeoutMs).unref(),
  );
  const connected = await Promise.race([Promise.all(gens.map((g) => g.connected)), timeout]);
  const setupSeconds = (performance.now() - t0) / 1000;
  const stats = () => {
    const sum = {
      online: 0,
      welcomed: 0,
      ackedRecords: 0,
      appendedRecords: 0,
      pending: 0,
      drops: 0,
    };
    for (const g of gens) for (const k of Object.keys(sum)) sum[k] += g.latest?.[k] ?? 0;
    return sum;
  };
  return {
    connectedAll: connected !== 'timeout',
    setupSeconds,
    setupPerSec:
      connected === 'timeout' ? stats().welcomed / setupSeconds : creds.length / setupSeconds,
    begin() {
      for (const g of gens) g.child.send({ type: 'begin' });
    },
    stats,
    /** From `since` (epoch ms) on, every probe round of this station fails. */
    failStation(stationId, since) {
      for (const g of gens) g.child.send({ type: 'fail', stationId, since });
    },
    /** Stop every agent; returns the loadgens' append→ack latency samples. */
    async stop() {
      for (const g of gens) if (g.child.connected) g.child.send({ type: 'stop' });
      const t = setTimeout(() => gens.forEach((g) => g.child.kill('SIGKILL')), 15_000);
      await Promise.all(gens.map((g) => g.stopped));
      clearTimeout(t);
      return gens.flatMap((g) => g.latencies?.ackMs ?? []);
    },
  };
}
