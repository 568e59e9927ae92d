// Ingest under reads: the ingest load plus 5 console clients that log in, load the board
// (stations, wards, open incidents, the live snapshot) and one ward's 30-day chart every few
// seconds, plus an evidence report in a loop. Measures ingest p99 under that read load, the
// detection latency of one station's link cut, and false incidents (incidents for stations whose
// records all arrived on time and healthy) — which must be zero.
import WebSocket from 'ws';
import { login } from '../lib/server.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { sleep } from '../lib/tmp.mjs';
import { newestProfile } from '../lib/cpuprof.mjs';
import { levelRow, runLevel } from './ingest.mjs';

const DAY = 86_400_000;
const CONSOLE_CLIENTS = 5;

export function defaults(quick) {
  return quick
    ? { ns: [1000], warmupSec: 12, durationSec: 45 }
    : { ns: [2000, 10000], warmupSec: 20, durationSec: 120 };
}

async function timed(fn) {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, ok: true, value };
  } catch (err) {
    return {
      ms: performance.now() - t0,
      ok: false,
      status: err.status ?? null,
      error: String(err.message ?? err),
    };
  }
}

function snapshotOnce(url, cookie) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/console`, { headers: { cookie } });
    ws.once('message', () => {
      ws.close();
      resolve();
    });
    ws.once('error', reject);
  });
}

/** One console user's loop: log in, load the board, a ward's 30-day chart; pause 2–4 s. */
async function consoleClient({ server, creds, targets }, until, samples) {
  while (Date.now() < until) {
    const l = await timed(() => login(server.url, 'admin', server.adminPassword));
    samples.login.push(l.ms);
    if (!l.ok) {
      samples.errors.push(l.error);
      await sleep(2000);
      continue;
    }
    const api = l.value;
    const board = await timed(() =>
      Promise.all([
        api.get('/api/v1/stations'),
        api.get('/api/v1/wards'),
        api
          .get('/api/v1/incidents?open=true')
          .catch((err) => (err.status === 404 ? null : Promise.reject(err))),
        snapshotOnce(server.url, api.cookie),
      ]),
    );
    samples.board.push(board.ms);
    if (!board.ok) samples.errors.push(board.error);
    const station = creds[Math.floor(Math.random() * creds.length)];
    const now = Date.now();
    const chart = await timed(() =>
      api.get(
        `/api/v1/series?station=${station.stationId}&target=${targets[0].id}&metric=rtt&from=${now - 30 * DAY}&to=${now}`,
      ),
    );
    samples.chart.push(chart.ms);
    if (!chart.ok) samples.errors.push(chart.error);
    await sleep(2000 + Math.random() * 2000);
  }
}

/** Evidence report for the last 30 days, in a loop ('not available' while the route is 404). */
async function reportLoop({ server }, until, samples) {
  const api = await login(server.url, 'admin', server.adminPassword);
  while (Date.now() < until) {
    const now = Date.now();
    const r = await timed(async () => {
      const res = await api.raw(
        `/api/v1/reports/evidence?from=${now - 30 * DAY}&to=${now}&format=json`,
      );
      if (res.status === 404) return 'not available';
      if (res.status >= 400)
        throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
      return 'ok';
    });
    if (r.value === 'not available') {
      samples.reportStatus = 'not available (GET /api/v1/reports/evidence → 404)';
      return;
    }
    samples.reportStatus = r.ok ? 'ok' : r.error;
    samples.report.push(r.ms);
    await sleep(1000);
  }
}

export async function run(opts, log) {
  const levels = [];
  for (const n of opts.ns) {
    const level = await runLevel(opts, n, {
      // The largest level under --cpu-prof (as in `ingest`): where the reads cost the ingest.
      profile: opts.profile && n === Math.max(...opts.ns),
      log,
      during: async (ctx) => {
        const until = Date.now() + ctx.durationSec * 1000;
        const samples = {
          login: [],
          board: [],
          chart: [],
          report: [],
          errors: [],
          reportStatus: null,
        };
        // One station loses its line a third of the way in: its probe rounds fail from then on.
        const victim = ctx.creds[0];
        const cutAt = Date.now() + Math.round((ctx.durationSec * 1000) / 3);
        const cut = sleep(cutAt - Date.now()).then(() =>
          ctx.fleet?.failStation(victim.stationId, cutAt),
        );
        const clients = Array.from({ length: CONSOLE_CLIENTS }, () =>
          consoleClient(ctx, until, samples),
        );
        await Promise.all([...clients, reportLoop(ctx, until, samples), cut]);
        // Incidents opened during the window, read back over the API (404 while absent).
        let incidents = null;
        try {
          const api = await login(ctx.server.url, 'admin', ctx.server.adminPassword);
          incidents = (
            await api.get(`/api/v1/incidents?from=${until - ctx.durationSec * 1000 - 60_000}`)
          ).items;
        } catch (err) {
          incidents = err.status === 404 ? null : [];
        }
        return { samples, victim: victim.stationId, victimWard: victim.wardId, cutAt, incidents };
      },
    });
    levels.push(level);
    log(`  ${JSON.stringify(levelRow(level))}`);
  }
  const rows = levels.map((l) => {
    const x = l.extra;
    const live = l.consoleIncidentList ?? [];
    const apiIncidents = x.incidents;
    // Every incident outside the cut station's ward is false: all those records were on time and ok.
    const falseIds = new Set([
      ...live
        .map((m) => m.incident)
        .filter((i) => i.wardId !== x.victimWard)
        .map((i) => i.id),
      ...(apiIncidents ?? []).filter((i) => i.wardId !== x.victimWard).map((i) => i.id),
    ]);
    const falseIncidents = apiIncidents === null && live.length === 0 ? null : falseIds.size;
    const detected = live
      .filter((m) => m.incident.wardId === x.victimWard && m.change === 'opened')
      .map((m) => m.receivedAt)
      .sort((a, b) => a - b)[0];
    return {
      ...levelRow(l),
      'login p95 ms': round(summarize(x.samples.login).p95, 0),
      'board p95 ms': round(summarize(x.samples.board).p95, 0),
      'chart p95 ms': round(summarize(x.samples.chart).p95, 0),
      'report p95 ms': x.samples.report.length ? round(summarize(x.samples.report).p95, 0) : 'n/a',
      'detect s': detected ? round((detected - x.cutAt) / 1000, 1) : 'none',
      'false incidents': falseIncidents ?? 'n/a (no detector)',
      'read errors': x.samples.errors.length,
    };
  });
  const profiled = levels.find((l) => l.profDir);
  const profile = profiled ? newestProfile(profiled.profDir) : null;
  return { result: { options: opts, levels, profile }, table: rows };
}
