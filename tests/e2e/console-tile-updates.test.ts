import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../helpers/agent.js';
import { CHROMIUM_LAUNCH, ensureConsoleBuilt } from '../helpers/browser.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';

const WARDS = 12;
const LIVE_WARD = 'ward-07';
const TIMEOUT_MS = 45_000;

type Agent = Awaited<ReturnType<typeof startAgent>>;

/**
 * Runs in the page: counts Lit updates per ward tile (by wrapping the element's `update`) and
 * DOM mutations inside each tile's shadow root. Kept as a string: tests/ has no DOM types.
 */
const INSTALL_COUNTERS = `(() => {
  const app = document.querySelector('ww-app').shadowRoot;
  const board = app.querySelector('ww-page-overview').shadowRoot;
  const counts = { updates: {}, mutations: {} };
  const Tile = customElements.get('ww-ward-tile');
  const update = Tile.prototype.update;
  Tile.prototype.update = function (changed) {
    counts.updates[this.tile.id] = (counts.updates[this.tile.id] ?? 0) + 1;
    return update.call(this, changed);
  };
  for (const tile of board.querySelectorAll('ww-ward-tile')) {
    const id = tile.tile.id;
    new MutationObserver((records) => {
      counts.mutations[id] = (counts.mutations[id] ?? 0) + records.length;
    }).observe(tile.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
  }
  window.__tileCounts = counts;
  return board.querySelectorAll('ww-ward-tile').length;
})()`;

/**
 * Runs in the page before its scripts: records every WebSocket it makes and whether an inline
 * (classic) script made it — `index.html`'s early socket — or the app's module code.
 */
const RECORD_SOCKETS = `(() => {
  const made = (window.__socketsMade = []);
  const Native = window.WebSocket;
  function Recording(url, protocols) {
    const script = document.currentScript;
    made.push({ url: String(url), inline: script !== null && script.src === '' });
    return new Native(url, protocols);
  }
  Recording.prototype = Native.prototype;
  window.WebSocket = Recording;
})()`;

/** The console bundle the server serves; built here only when nobody built it yet. */
describe('a live station event re-renders only its own ward tile', () => {
  let server: RunningServer | null = null;
  let agent: Agent | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let liveStation = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startServer();
    // One station per ward; only LIVE_WARD's has an agent, so only it sends station events.
    for (let i = 1; i <= WARDS; i++) {
      const wardId = `ward-${String(i).padStart(2, '0')}`;
      const station = await enrollStation(server, { wardId, hostname: `pc-${wardId}` });
      if (wardId === LIVE_WARD) {
        liveStation = station.stationId;
        agent = await startAgent({
          serverUrl: server.url,
          stationId: station.stationId,
          credential: station.credential,
          wardId: station.wardId,
        });
      }
    }
    const admin = await login(server);
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([
      { name: 'ww_session', value: admin.cookie.split('=')[1] ?? '', url: server.url },
    ]);
    await context.addInitScript(RECORD_SOCKETS);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await server?.stop();
  });

  it('opens /ws/console from the page before the app script, and the app adopts it', async () => {
    if (!server) throw new Error('setup failed');
    await page.goto(server.url);
    await page
      .locator(`[data-station-id="${liveStation}"][data-online="true"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    // A second socket would mean the early one was not adopted (or a reconnect: none is due).
    expect(await page.evaluate('window.__socketsMade')).toEqual([
      { url: server.url.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws/console', inline: true },
    ]);
  });

  it('updates the tile whose station went offline, and no other', async () => {
    if (!server || !agent) throw new Error('setup failed');
    await page.goto(server.url);
    await page
      .locator(`[data-station-id="${liveStation}"][data-online="true"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    await page
      .locator('li[data-ward-id]')
      .nth(WARDS - 1)
      .waitFor();
    // Let the load settle (wards, incidents, equipment replies) before counting.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(INSTALL_COUNTERS)).toBe(WARDS);

    await agent.stop();
    agent = null;
    await page
      .locator(`[data-station-id="${liveStation}"][data-online="false"]`)
      .waitFor({ timeout: TIMEOUT_MS });
    await page.waitForTimeout(500);
    const counts = (await page.evaluate('window.__tileCounts')) as {
      updates: Record<string, number>;
      mutations: Record<string, number>;
    };
    expect(counts.updates[LIVE_WARD]).toBeGreaterThan(0);
    expect(counts.mutations[LIVE_WARD]).toBeGreaterThan(0);
    expect(Object.keys(counts.updates)).toEqual([LIVE_WARD]);
    expect(Object.keys(counts.mutations)).toEqual([LIVE_WARD]);
  });
});
