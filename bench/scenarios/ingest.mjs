// Ingest at scale: N simulated agents over real WebSockets from separate load-generator
// processes, one batch of R probe records every 10 s each; receipt→console latency, server
// RSS/CPU, sustained records/s, connection set-up rate; the knee where p99 passes 500 ms.
import { join } from 'node:path';
import { newestProfile } from '../lib/cpuprof.mjs';
import { watchConsole } from '../lib/console-watch.mjs';
import { startFleet } from '../lib/fleet.mjs';
import { dropLevelDb, levelDb } from '../lib/db.mjs';
import { startSampler } from '../lib/proc.mjs';
import { RESULTS_DIR } from '../lib/report.mjs';
import { benchTargets, createTargets, enrollFleet, startServer } from '../lib/server.mjs';
import { findKnee, round, summarize } from '../lib/stats.mjs';
import { sleep, tempDir } from '../lib/tmp.mjs';

export const P99_BUDGET_MS = 500;

export function defaults(quick) {
  return quick
    ? { ns: [1000], warmupSec: 12, durationSec: 30, knee: false }
    : { ns: [1000, 5000, 10000], warmupSec: 20, durationSec: 120, knee: true };
}

/**
 * One load level. `during` (optional) runs alongside the measured window (ingest-reads uses it
 * for console clients and reports) and its result is returned as `extra`.
 */
export async function runLevel(opts, n, { profile = false, during = null, log = () => {} } = {}) {
  const dir = tempDir(`ingest-${n}`, opts.keep);
  // One folder per profiled level, so the summary never picks up an older run's profile.
  const profDir = join(RESULTS_DIR, 'prof', `ingest-${n}-${Date.now()}`);
  const db = levelDb(opts.db, dir);
  const server = await startServer({ db: db.arg, cpuProfDir: profile ? profDir : undefined });
  const sampler = startSampler(server.pid);
  let fleet = null;
  let consoleWatch = null;
  try {
    const targetsDef = benchTargets(opts.targets, opts.recordsPerBatch, opts.batchIntervalMs);
    const wardCount = Math.max(1, Math.ceil(n / opts.stationsPerWard));
    log(`  N=${n}: enrolling ${n} stations in ${wardCount} wards…`);
    const { admin, creds, enrollPerSec, wards } = await enrollFleet(server, {
      stations: n,
      wardCount,
    });
    await createTargets(admin, targetsDef);
    consoleWatch = await watchConsole(server.url, admin.cookie);
    const processes = opts.processes ?? Math.min(4, Math.max(1, Math.ceil(n / 2500)));
    log(`  N=${n}: connecting from ${processes} load generator(s)…`);
    fleet = await startFleet({
      url: server.url,
      creds,
      processes,
      recordsPerBatch: opts.recordsPerBatch,
      batchIntervalMs: opts.batchIntervalMs,
      targets: targetsDef.map((t) => t.id),
    });
    const connected = fleet.stats();
    const setup = {
      all: fleet.connectedAll,
      seconds: fleet.setupSeconds,
      perSec: fleet.setupPerSec,
    };
    log(
      `  N=${n}: ${fleet.connectedAll ? 'all' : 'NOT all'} connected in ${round(fleet.setupSeconds)} s; warming up ${opts.warmupSec} s…`,
    );
    fleet.begin();
    await sleep(opts.warmupSec * 1000);
    sampler.mark();
    consoleWatch.startMeasuring();
    const before = fleet.stats();
    const t0 = performance.now();
    const extraPromise = during
      ? during({
          server,
          admin,
          creds,
          wards,
          fleet,
          targets: targetsDef,
          durationSec: opts.durationSec,
        })
      : null;
    await sleep(opts.durationSec * 1000);
    const after = fleet.stats();
    const seconds = (performance.now() - t0) / 1000;
    consoleWatch.stopMeasuring();
    const extra = extraPromise ? await extraPromise : null;
    const proc = sampler.summary();
    const lat = summarize(consoleWatch.latencies());
    const ackMs = summarize(await fleet.stop());
    fleet = null;
    const offered = (n * opts.recordsPerBatch * 1000) / opts.batchIntervalMs;
    return {
      n,
      engine: opts.db.engine,
      recordsPerBatch: opts.recordsPerBatch,
      batchIntervalMs: opts.batchIntervalMs,
      offeredRecordsPerSec: offered,
      recordsPerSec: (after.ackedRecords - before.ackedRecords) / seconds,
      connectedAll: setup.all,
      onlineAtEnd: after.online,
      drops: after.drops - connected.drops,
      setupSeconds: setup.seconds,
      setupPerSec: setup.perSec,
      enrollPerSec,
      consoleLatencyMs: lat,
      // p99 split: server side (receipt → flush) and delivery (flush → console receive).
      serverSideMs: summarize(consoleWatch.serverSide()),
      deliveryMs: summarize(consoleWatch.delivery()),
      appendToAckMs: ackMs,
      server: proc,
      consoleMessages: consoleWatch.counts(),
      consoleIncidents: consoleWatch.incidents().length,
      consoleIncidentList: consoleWatch.incidents(),
      seconds,
      extra,
      profDir: profile ? profDir : null,
    };
  } finally {
    consoleWatch?.close();
    if (fleet) await fleet.stop();
    sampler.stop();
    await server.stop();
    await dropLevelDb(opts.db, db);
  }
}

export function levelRow(r) {
  return {
    N: r.n,
    db: r.engine ?? 'sqlite',
    'offered rec/s': Math.round(r.offeredRecordsPerSec),
    'rec/s': Math.round(r.recordsPerSec),
    'p50 ms': round(r.consoleLatencyMs.p50, 0),
    'p95 ms': round(r.consoleLatencyMs.p95, 0),
    'p99 ms': round(r.consoleLatencyMs.p99, 0),
    'srv p99 ms': round(r.serverSideMs?.p99 ?? null, 0),
    'deliv p99 ms': round(r.deliveryMs?.p99 ?? null, 0),
    'ack p99 ms': round(r.appendToAckMs.p99, 0),
    'RSS MiB': round(r.server.rssMiBMax, 0),
    'CPU %': round(r.server.cpuPctAvg, 0),
    'conn/s': round(r.setupPerSec, 0),
    online: r.onlineAtEnd,
    drops: r.drops,
  };
}

export async function run(opts, log) {
  const levels = [];
  const largest = Math.max(...opts.ns);
  for (const n of opts.ns) {
    levels.push(await runLevel(opts, n, { profile: opts.profile && n === largest, log }));
    log(`  ${JSON.stringify(levelRow(levels.at(-1)))}`);
  }
  let knee = findKnee(
    levels.map((l) => ({ n: l.n, p99: l.consoleLatencyMs.p99 })),
    P99_BUDGET_MS,
  );
  if (opts.knee) {
    // Past the fixed levels: step up (×1.5, at most 20,000) until p99 passes the budget, or
    // bisect once between the last level under it and the first over it.
    let n = largest;
    while (!knee.found && n < 20_000) {
      n = Math.min(20_000, Math.round(n * 1.5));
      levels.push(await runLevel(opts, n, { log }));
      knee = findKnee(
        levels.map((l) => ({ n: l.n, p99: l.consoleLatencyMs.p99 })),
        P99_BUDGET_MS,
      );
    }
    if (knee.found && knee.lastBelowN !== null && knee.kneeN - knee.lastBelowN > 1000) {
      const mid = Math.round((knee.kneeN + knee.lastBelowN) / 2 / 500) * 500;
      levels.push(await runLevel(opts, mid, { log }));
      knee = findKnee(
        levels.map((l) => ({ n: l.n, p99: l.consoleLatencyMs.p99 })),
        P99_BUDGET_MS,
      );
    }
  }
  const profiled = levels.find((l) => l.profDir);
  const profile = profiled ? newestProfile(profiled.profDir) : null;
  return {
    result: { options: opts, levels, knee, profile },
    table: levels.sort((a, b) => a.n - b.n).map(levelRow),
  };
}
