#!/usr/bin/env node
// Detector throughput: records/s through the pure engine on one core (no I/O).
// Usage: node bench/detector.mjs [--stations 2000] [--minutes 30]   (after `npx tsc -b shared`)
import { parseArgs } from 'node:util';
import { DetectorEngine } from '@wardwatch/shared';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '2000' },
    minutes: { type: 'string', default: '30' },
  },
});
const STATIONS = Number(values.stations);
const MINUTES = Number(values.minutes);
const INTERVAL = 10_000;
const TARGETS = ['gateway', 'csdlqg', 'dvc', 'dvc-ca', 'vneid', 'hotich'];
const T0 = Date.UTC(2026, 10, 30, 1, 0, 0);

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const lineDown = new Set();
for (let s = 0; s < STATIONS; s++) if (random() < 0.05) lineDown.add(s);

/** One batch per station per probe interval (what an agent flushing every few seconds sends). */
function buildBatches(t) {
  const batches = [];
  {
    const minute = (t - T0) / 60_000;
    for (let s = 0; s < STATIONS; s++) {
      const at = t + (s % 97) * 50;
      const records = [];
      for (const target of TARGETS) {
        const down =
          (target === 'csdlqg' && minute >= 10 && minute < 15) ||
          (lineDown.has(s) && minute >= 20 && minute < 22);
        records.push({
          t: at + Math.floor(random() * 300),
          record: down
            ? {
                kind: 'probe',
                at,
                target,
                probe: 'icmp',
                ok: false,
                sent: 4,
                received: 0,
                lossPct: 100,
              }
            : {
                kind: 'probe',
                at,
                target,
                probe: 'icmp',
                ok: true,
                sent: 4,
                received: 4,
                lossPct: 0,
                rttMs: { min: 8, avg: 10 + random() * 5, max: 20, mdev: 1 },
              },
        });
      }
      if ((t - T0) % 60_000 === 0) {
        records.push({
          t: at,
          record: {
            kind: 'sys',
            at,
            cpuPct: 20,
            memUsedBytes: 4e9,
            memTotalBytes: 8e9,
            disks: [{ mount: 'C:', usedBytes: 1e11, sizeBytes: 2.5e11 }],
            uptimeSec: 1000,
          },
        });
        records.push({
          t: at,
          record: {
            kind: 'peripherals',
            at,
            devices: [
              {
                vid: '1162',
                pid: '2200',
                vendor: 'SecuGen',
                product: 'Hamster',
                category: 'fingerprint',
              },
              {
                vid: '072f',
                pid: 'b100',
                vendor: 'ACS',
                product: 'ACR39U',
                category: 'card_reader',
              },
            ],
          },
        });
      }
      // Completion order, not measurement order: shuffle within the batch.
      records.sort(() => random() - 0.5);
      batches.push({ stationId: `st-${s}`, wardId: `w-${s}`, records, now: at + 1000 });
    }
  }
  return batches;
}

const engine = new DetectorEngine({ targets: TARGETS.map((id) => ({ id, intervalMs: INTERVAL })) });
let changes = 0;
let nextTick = T0;
let total = 0;
let batchCount = 0;
let elapsed = 0n;
// Batches are generated one probe interval at a time, outside the timed section.
for (let t = T0; t < T0 + MINUTES * 60_000; t += INTERVAL) {
  const batches = buildBatches(t);
  const started = process.hrtime.bigint();
  for (const b of batches) {
    changes += engine.ingest(b.stationId, b.wardId, b.records, b.now).length;
    total += b.records.length;
    // The server's once-a-second tick: silent stations and cross-ward attribution.
    if (b.now >= nextTick) {
      changes += engine.tick(b.now).length;
      nextTick = b.now + 1000;
    }
  }
  elapsed += process.hrtime.bigint() - started;
  batchCount += batches.length;
}
const seconds = Number(elapsed) / 1e9;
const batches = { length: batchCount };
const incidents = engine.incidents();
const byKind = {};
for (const i of incidents)
  byKind[`${i.kind}/${i.attribution}`] = (byKind[`${i.kind}/${i.attribution}`] ?? 0) + 1;

const result = {
  stations: STATIONS,
  minutes: MINUTES,
  records: total,
  batches: batches.length,
  seconds: Number(seconds.toFixed(2)),
  recordsPerSec: Math.round(total / seconds),
  batchesPerSec: Math.round(batches.length / seconds),
  incidentChanges: changes,
  incidents: byKind,
  heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
