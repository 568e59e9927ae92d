#!/usr/bin/env node
// How long the server takes to answer a console's `/ws/console` with its snapshot while N
// agents (one station per ward, as in the console scenario's 1,000-ward board) report: a Node
// client connects 12 times, 0.7 s apart, and times upgrade → open and open → whole snapshot.
// Usage: node bench/snapshot-probe.mjs [N=1000]   (prints JSON)
import { join } from 'node:path';
import WebSocket from 'ws';
import { startFleet } from './lib/fleet.mjs';
import { benchTargets, createTargets, enrollFleet, startServer } from './lib/server.mjs';
import { summarize } from './lib/stats.mjs';
import { sleep, tempDir } from './lib/tmp.mjs';

const n = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(n) || n <= 0)
  throw new Error(`N must be a positive integer, got ${process.argv[2]}`);

function snapshotOnce(url, cookie) {
  const t0 = performance.now();
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/console`, { headers: { cookie } });
  let opened = 0;
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => (opened = performance.now()));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type !== 'snapshot') return;
      ws.close();
      resolve({
        openMs: opened - t0,
        snapshotMs: performance.now() - opened,
        bytes: data.length,
        stations: msg.stations.length,
      });
    });
  });
}

const dir = tempDir('snapshot');
const server = await startServer({ dbPath: join(dir, 'ww.db') });
let fleet = null;
try {
  const targets = benchTargets(5, 20, 10_000);
  const { admin, creds } = await enrollFleet(server, { stations: n, wardCount: n });
  await createTargets(admin, targets);
  fleet = await startFleet({
    url: server.url,
    creds,
    processes: 1,
    recordsPerBatch: 20,
    batchIntervalMs: 10_000,
    targets: targets.map((t) => t.id),
  });
  fleet.begin();
  await sleep(12_000);
  const runs = [];
  for (let i = 0; i < 12; i++) {
    runs.push(await snapshotOnce(server.url, admin.cookie));
    await sleep(700);
  }
  console.log(
    JSON.stringify({
      agents: n,
      bytes: runs[0]?.bytes,
      stations: runs[0]?.stations,
      openMs: summarize(runs.map((r) => r.openMs)),
      snapshotMs: summarize(runs.map((r) => r.snapshotMs)),
    }),
  );
} finally {
  await fleet?.stop();
  await server.stop();
}
process.exit(0);
