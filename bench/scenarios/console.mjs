// Console: JS bundle size gzipped, and first paint in headless Chromium for 23 and 1,000 wards
// (one online station each): first-contentful-paint, the first ward tile, the first live station row, and all rows.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startFleet } from '../lib/fleet.mjs';
import { ROOT } from '../lib/machine.mjs';
import { RESULTS_DIR } from '../lib/report.mjs';
import { summarizeProfile } from '../profile-summary.mjs';
import { enrollFleet, startServer } from '../lib/server.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { sleep, tempDir } from '../lib/tmp.mjs';
import { importTs } from '../lib/ts-module.mjs';

const DIST = join(ROOT, 'console', 'dist');
const JS_BUDGET_KB = 300;
const PAINT_BUDGET_MS = 1000;

export function defaults(quick) {
  return { wardCounts: [23, 1000], loads: quick ? 3 : 7, waitMs: quick ? 15_000 : 30_000 };
}

export function bundleSizes(dir = DIST) {
  const assets = join(dir, 'assets');
  if (!existsSync(assets))
    throw new Error('console/dist is missing: run `pnpm --filter @wardwatch/console build`');
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
  return files.map((f) => {
    const buf = readFileSync(join(assets, f));
    return { file: f, bytes: buf.byteLength, gzipBytes: gzipSync(buf, { level: 9 }).byteLength };
  });
}

const ROW_SELECTOR = '[data-testid="ward-tile"], [data-station-id]';
const STATION_SELECTOR = '[data-station-id]';

/* global window, document, requestAnimationFrame -- pageProbe and evaluate callbacks run in the page */

/**
 * Runs in the page before its own scripts and takes the timestamps there, so a busy main
 * thread cannot delay the reading (Playwright's selector polling backs off to 500 ms and its
 * `evaluate` waits behind whatever the page is doing). A row counts as painted at the first
 * task after the frame that rendered it:
 * - found by the 4 ms timer loop with a frame in between (the row was added in that frame's
 *   animation callbacks, so that frame painted it): the time it was found;
 * - found with no frame in between (added by an ordinary task): after the next frame.
 * Rows live in shadow roots: the walk descends through them and stops at each match.
 */
function pageProbe({ selector, stationSelector, expected }) {
  const probe = {
    firstRowMs: null,
    firstStationMs: null,
    allRowsMs: null,
    rows: 0,
    longestTaskMs: 0,
    blockingMs: 0,
  };
  window.__wwProbe = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.longestTaskMs = Math.max(probe.longestTaskMs, e.duration);
        if (probe.allRowsMs === null) probe.blockingMs += Math.max(0, e.duration - 50);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the row times still stand.
  }
  const count = (root, limit, sel = selector) => {
    let n = 0;
    const walk = (node) => {
      for (const el of node.children) {
        if (n >= limit) return;
        if (el.matches(sel)) {
          n++;
          continue;
        }
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(root);
    return n;
  };
  const afterNextFrame = (done) =>
    requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
  let frames = 0;
  const tick = () => {
    frames++;
    if (probe.allRowsMs === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  let framesAtLastLook = 0;
  const look = () => {
    const framed = frames > framesAtLastLook;
    framesAtLastLook = frames;
    const firstLook = probe.firstRowMs === null;
    const n = count(document, firstLook ? 1 : expected);
    const painted = (key) => {
      if (framed) probe[key] = performance.now();
      else afterNextFrame((t) => (probe[key] = t));
    };
    if (n > 0 && firstLook) painted('firstRowMs');
    if (probe.firstStationMs === null && count(document, 1, stationSelector) > 0) {
      painted('firstStationMs');
    }
    if (n >= expected && probe.firstStationMs !== null) {
      probe.rows = n;
      painted('allRowsMs');
      return;
    }
    probe.rows = n;
    // Counting a thousand rows costs a few ms: once the first is in, look every 50 ms.
    setTimeout(look, firstLook && n === 0 ? 0 : 50);
  };
  setTimeout(look, 0);
}

/** Rejects with 'page unresponsive' when the page's main thread does not answer in time. */
function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('page unresponsive')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const fcpOf = (page) =>
  withTimeout(
    page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    ),
    5000,
  ).catch(() => null);

/**
 * A page that never rendered: take a 5 s CPU profile over CDP (the inspector answers even while
 * the main thread is busy) so the cause is named, and summarise its top self time.
 */
async function profilePage(context, page, stations) {
  try {
    const cdp = await context.newCDPSession(page);
    await withTimeout(cdp.send('Profiler.enable'), 5000);
    await withTimeout(cdp.send('Profiler.start'), 5000);
    await sleep(5000);
    const { profile } = await withTimeout(cdp.send('Profiler.stop'), 10_000);
    const dir = join(RESULTS_DIR, 'prof');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `console-${stations}-wards.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return { file, summary: summarizeProfile(profile, 12) };
  } catch (err) {
    return { error: String(err.message ?? err) };
  }
}

async function measureLoad(opts, browser, server, cookie, stations) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  await context.addCookies([{ name: 'ww_session', value: cookie.split('=')[1], url: server.url }]);
  // The board shows a tile per ward (overview) or a row per station (older board): either
  // counts as the meaningful paint; "all" waits for one per ward/station.
  // A tile can paint from the ward list before the live snapshot brings its station: the
  // first station row is when the board first shows live state.
  await context.addInitScript(pageProbe, {
    selector: ROW_SELECTOR,
    stationSelector: STATION_SELECTOR,
    expected: stations,
  });
  const page = await context.newPage();
  try {
    await page.goto(server.url, { waitUntil: 'commit' });
    let probe = null;
    const deadline = Date.now() + opts.waitMs;
    // Reading the probe may itself wait behind a busy page: that delays the loop, not the times.
    while (Date.now() < deadline) {
      probe = await withTimeout(
        page.evaluate(() => window.__wwProbe ?? null),
        opts.waitMs,
      );
      if (probe?.allRowsMs !== null && probe?.allRowsMs !== undefined) break;
      await sleep(100);
    }
    if (probe?.firstRowMs === null || probe?.firstRowMs === undefined) {
      const profile = await profilePage(context, page, stations);
      return { fcpMs: await fcpOf(page), firstRowMs: null, allRowsMs: null, rowsSeen: 0, profile };
    }
    return {
      fcpMs: await fcpOf(page),
      firstRowMs: probe.firstRowMs,
      firstStationMs: probe.firstStationMs,
      allRowsMs: probe.allRowsMs,
      rowsSeen: probe.rows,
      longestTaskMs: probe.longestTaskMs,
      blockingMs: probe.blockingMs,
    };
  } catch (err) {
    // A renderer busy re-rendering (e.g. every ward on every event) never answers: say so.
    const profile = await profilePage(context, page, stations);
    return {
      fcpMs: null,
      firstRowMs: null,
      allRowsMs: null,
      rowsSeen: null,
      error: String(err.message ?? err),
      profile,
    };
  } finally {
    await withTimeout(context.close(), 5000).catch(() => {});
  }
}

async function paintCase(opts, wards, browser, log) {
  const dir = tempDir(`console-${wards}`, opts.keep);
  const server = await startServer({ dbPath: join(dir, 'ww.db') });
  let fleet = null;
  try {
    const { admin, creds } = await enrollFleet(server, { stations: wards, wardCount: wards });
    fleet = await startFleet({
      url: server.url,
      creds,
      processes: 1,
      recordsPerBatch: 5,
      batchIntervalMs: 10_000,
      targets: ['none'],
    });
    fleet.begin();
    log(`  ${wards} wards: ${creds.length} stations online; loading the board ${opts.loads}×…`);
    const loads = [];
    for (let i = 0; i < opts.loads; i++) {
      loads.push(await measureLoad(opts, browser, server, admin.cookie, wards));
      if (loads.at(-1).allRowsMs === null) break; // did not render: one timed-out load is enough
    }
    const pick = (k) =>
      summarize(loads.map((l) => l[k]).filter((x) => x !== null && x !== undefined));
    return {
      wards,
      loads,
      fcpMs: pick('fcpMs'),
      firstRowMs: pick('firstRowMs'),
      firstStationMs: pick('firstStationMs'),
      allRowsMs: pick('allRowsMs'),
      longestTaskMs: pick('longestTaskMs'),
    };
  } finally {
    if (fleet) await fleet.stop();
    await server.stop();
  }
}

export async function run(opts, log) {
  const sizes = bundleSizes();
  const js = sizes.filter((s) => s.file.endsWith('.js'));
  const jsGzipKB = js.reduce((a, s) => a + s.gzipBytes, 0) / 1024;
  const { module: browserHelper, reason } = await importTs('tests/helpers/browser.ts');
  if (!browserHelper) throw new Error(`cannot load the Chromium launch options: ${reason}`);
  const browser = await chromium.launch(browserHelper.CHROMIUM_LAUNCH);
  const paints = [];
  try {
    for (const w of opts.wardCounts) paints.push(await paintCase(opts, w, browser, log));
  } finally {
    await withTimeout(browser.close(), 10_000).catch(() => browser.process()?.kill('SIGKILL'));
  }
  const table = [
    {
      measure: 'JS gzipped (all assets/*.js)',
      value: `${round(jsGzipKB, 1)} KB`,
      budget: `≤ ${JS_BUDGET_KB} KB`,
    },
    ...paints.flatMap((p) => {
      const ms = (summary) =>
        summary.count > 0
          ? `${round(summary.p50, 0)} ms`
          : p.loads.some((l) => l.error)
            ? p.loads.find((l) => l.error).error
            : 'not rendered in time';
      return [
        {
          measure: `first-contentful-paint, ${p.wards} wards (median)`,
          value: ms(p.fcpMs),
          budget: `≤ ${PAINT_BUDGET_MS} ms`,
        },
        {
          measure: `first ward tile/station row, ${p.wards} wards (median)`,
          value: ms(p.firstRowMs),
          budget: `≤ ${PAINT_BUDGET_MS} ms`,
        },
        {
          measure: `first station state (live snapshot), ${p.wards} wards (median)`,
          value: ms(p.firstStationMs),
          budget: `≤ ${PAINT_BUDGET_MS} ms`,
        },
        {
          measure: `all ${p.wards} tiles/rows rendered (median)`,
          value: ms(p.allRowsMs),
          budget: '—',
        },
        {
          measure: `longest main-thread task while loading, ${p.wards} wards (median)`,
          value: ms(p.longestTaskMs),
          budget: '—',
        },
      ];
    }),
  ];
  return { result: { options: opts, sizes, jsGzipKB, paints }, table };
}
