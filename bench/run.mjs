#!/usr/bin/env node
// `pnpm bench` (all scenarios) or `node bench/run.mjs SCENARIO… [--quick] [options]`.
// A benchmark reports numbers; it never fails on machine noise (exit 1 only when a scenario
// could not run at all).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDbOption } from './lib/db.mjs';
import { ROOT, machineInfo } from './lib/machine.mjs';
import { printTable, writeResult } from './lib/report.mjs';

const SCENARIOS = {
  ingest: {
    load: () => import('./scenarios/ingest.mjs'),
    about: 'ingest at scale (N agents over WebSockets)',
  },
  'ingest-reads': {
    load: () => import('./scenarios/ingest-reads.mjs'),
    about: 'ingest under 5 console clients + a report',
  },
  'agent-footprint': {
    script: 'agent-footprint.mjs',
    args: (quick) => (quick ? ['--quick'] : []),
    writesResult: true,
    about: 'one real agent, 6 targets, RSS/CPU (bench/agent-footprint.mjs)',
  },
  detection: {
    load: () => import('./scenarios/detection.mjs'),
    about: 'link cut → incident on /ws/console',
  },
  detector: {
    script: 'detector.mjs',
    // The script has no --quick: a smaller fleet keeps it well under 2 minutes.
    args: (quick) => (quick ? ['--stations', '1000', '--minutes', '10'] : []),
    writesResult: false,
    about: 'detector engine throughput (bench/detector.mjs, when present)',
  },
  store: {
    script: 'store-commit.mjs',
    args: (quick) => (quick ? ['--batches', '5000'] : []),
    writesResult: false,
    about: 'store commit cost: per batch vs per tick, WAL auto-checkpoint on/off',
  },
  reports: { load: () => import('./scenarios/reports.mjs'), about: 'evidence report timings' },
  console: {
    load: () => import('./scenarios/console.mjs'),
    about: 'bundle size gzipped, first paint in Chromium',
  },
};

const USAGE = `usage: node bench/run.mjs [SCENARIO…] [options]
scenarios (default: all): ${Object.keys(SCENARIOS).join(', ')}
options:
  --quick             small sizes, each scenario in under 2 minutes
  --n LIST            agent counts for ingest, e.g. 1000,5000,10000
  --duration SEC      measured window per load level
  --warmup SEC        warm-up before measuring
  --records R         records per agent batch (default 20)
  --interval MS       batch interval per agent (default 10000)
  --processes P       load-generator processes (default ⌈N/2500⌉, at most 4)
  --no-profile        do not run the largest ingest level under --cpu-prof
  --db URL            ingest on PostgreSQL: postgres://user@host:port/db[?schema=prefix]
                      (each level in a fresh schema prefix_<random>, dropped after it);
                      default: SQLite in a temp dir
  --keep              keep temp databases
  --tag T             write bench/results/<scenario>-T.json instead of <scenario>.json
  -h, --help
`;

function fail(message) {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name, text) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} wants a positive integer, got "${text}"`);
  return n;
}

export function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        n: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        records: { type: 'string' },
        interval: { type: 'string' },
        processes: { type: 'string' },
        'no-profile': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        db: { type: 'string' },
        tag: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  for (const p of positionals) if (!SCENARIOS[p]) fail(`unknown scenario "${p}"`);
  if (values.tag !== undefined && !/^[a-z0-9._-]+$/i.test(values.tag)) {
    fail(`--tag "${values.tag}": letters, digits, . _ - only`);
  }
  let db;
  try {
    db = parseDbOption(values.db);
  } catch (err) {
    fail(err.message);
  }
  const ns = values.n?.split(',').map((x) => positiveInt('n', x.trim()));
  return {
    scenarios: positionals.length ? positionals : Object.keys(SCENARIOS),
    quick: values.quick,
    keep: values.keep,
    db,
    tag: values.tag,
    profile: !values['no-profile'],
    ns,
    durationSec: positiveInt('duration', values.duration),
    warmupSec: positiveInt('warmup', values.warmup),
    recordsPerBatch: positiveInt('records', values.records) ?? 20,
    batchIntervalMs: positiveInt('interval', values.interval) ?? 10_000,
    processes: positiveInt('processes', values.processes),
    targets: 5,
    stationsPerWard: 10,
  };
}

/**
 * A scenario another part of the project owns as a standalone script: run it, echo its output,
 * and (when it prints JSON instead of writing a result file) write bench/results/NAME.json.
 */
function runScript(name, def, cli) {
  const file = join(ROOT, 'bench', def.script);
  if (!existsSync(file)) {
    return Promise.resolve({
      status: 'not available',
      reason: `bench/${def.script} does not exist yet`,
    });
  }
  const args = def.args(cli.quick);
  const timeoutMs = cli.quick ? 150_000 : 45 * 60_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c.toString();
      process.stdout.write(c);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const status =
        code === 0
          ? 'ok'
          : signal === 'SIGKILL'
            ? `timed out after ${timeoutMs / 1000} s`
            : 'failed';
      if (!def.writesResult && code === 0) {
        let parsed = null;
        try {
          parsed = JSON.parse(out.slice(out.indexOf('{')));
        } catch {
          parsed = { output: out };
        }
        writeResult(name, { quick: cli.quick, result: { status, args, ...parsed }, table: [] });
      }
      resolve({ status, exit: code ?? signal });
    });
  });
}

async function main() {
  process.setMaxListeners(100); // every temp dir and server adds an exit hook
  const cli = parseCli(process.argv.slice(2));
  const m = machineInfo();
  process.stdout.write(
    `WardWatch bench — ${m.cores} cores, ${m.memoryMiB} MiB, Node ${m.node}, commit ${m.commit?.slice(0, 10)}${m.dirty ? ' (+ uncommitted changes)' : ''}${cli.quick ? ', --quick' : ''}\n`,
  );
  const log = (line) => process.stdout.write(`${line}\n`);
  const summary = [];
  let broken = 0;
  for (const name of cli.scenarios) {
    const def = SCENARIOS[name];
    log(`\n▶ ${name}: ${def.about}`);
    const t0 = performance.now();
    try {
      if (def.script) {
        const r = await runScript(name, def, cli);
        summary.push({
          scenario: name,
          status: r.status,
          seconds: Math.round((performance.now() - t0) / 1000),
        });
        if (r.status !== 'ok' && r.status !== 'not available') broken += 1;
        continue;
      }
      const mod = await def.load();
      const opts = { ...cli, ...mod.defaults?.(cli.quick) };
      for (const k of ['ns', 'durationSec', 'warmupSec'])
        if (cli[k] !== undefined) opts[k] = cli[k];
      const { result, table, status = 'ok' } = await mod.run(opts, log);
      printTable(name, table);
      if (cli.tag !== undefined && !/^[a-z0-9._-]+$/i.test(cli.tag))
        fail(`--tag "${cli.tag}": letters, digits, . _ - only`);
      const file = writeResult(cli.tag ? `${name}-${cli.tag}` : name, {
        quick: cli.quick,
        result: { status, ...result },
        table,
      });
      log(`→ ${file}`);
      summary.push({
        scenario: name,
        status,
        seconds: Math.round((performance.now() - t0) / 1000),
      });
    } catch (err) {
      broken += 1;
      process.stderr.write(`✗ ${name} failed: ${err?.stack ?? err}\n`);
      summary.push({
        scenario: name,
        status: 'error',
        seconds: Math.round((performance.now() - t0) / 1000),
      });
    }
  }
  printTable('summary', summary);
  process.exit(broken > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  await main();
}
