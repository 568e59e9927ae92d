import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { ServerMessage, Welcome } from '@wardwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli, startAgent, type RunningAgent } from '../helpers/agent.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { expectOpen, hello, openAgent } from './server-ws-client.js';

// The ward's equipment requirement travels in `welcome` and decides what
// `wardwatch-agent status` lists as required (docs/protocol.md "Config push").
const WARD = 'req-tinh-an';
const SCANNER_LINE = /Máy quét tài liệu\s+KHÔNG CÓ/;

let server: RunningServer;
let sysfs: { path: string; remove(): Promise<void> };
const agents: RunningAgent[] = [];

beforeAll(async () => {
  server = await startServer();
  // An empty sysfs tree: the scan finds no USB devices, so every required category is missing.
  sysfs = await tempDir('ww-sysfs-empty-');
});
afterAll(async () => {
  for (const agent of agents) await agent.stop();
  await server?.stop();
  await sysfs?.remove();
});

async function launch(opts: {
  serverUrl: string;
  stationId: string;
  credential: string;
  wardId: string;
  overrides?: Record<string, unknown>;
}): Promise<RunningAgent> {
  const agent = await startAgent({
    ...opts,
    overrides: { sysfsRoot: sysfs.path, peripheralsIntervalMs: 500, ...opts.overrides },
  });
  agents.push(agent);
  return agent;
}

async function statusText(agent: RunningAgent): Promise<string> {
  const res = await runAgentCli(['status', '--config', agent.configPath]);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout;
}

/** A loopback port nobody listens on: an agent pointed at it never connects. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('required peripherals from the server', () => {
  it("status follows the ward's requirement as city IT changes it", async () => {
    const st = await enrollStation(server, { wardId: WARD });
    const agent = await launch({ serverUrl: server.url, ...st });
    const admin = await login(server);
    // Default profile: fingerprint, scanner and card reader, all missing on this PC.
    await expect.poll(() => statusText(agent), { timeout: 20_000 }).toMatch(SCANNER_LINE);
    const before = await statusText(agent);
    expect(before).toContain('Thiết bị ngoại vi bắt buộc (theo yêu cầu của máy chủ;');
    expect(before).toMatch(/Đầu đọc vân tay\s+KHÔNG CÓ/);

    await admin.put('/api/v1/detector/settings', {
      wards: { [WARD]: { equipment: { scanner: 0 } } },
    });
    await expect
      .poll(() => statusText(agent), { timeout: 20_000 })
      .not.toContain('Máy quét tài liệu');
    const after = await statusText(agent);
    expect(after).toMatch(/Đầu đọc vân tay\s+KHÔNG CÓ/);
    expect(after).toMatch(/Đầu đọc thẻ CCCD\s+KHÔNG CÓ/);
    // Cached beside the targets, for a restart while the server is unreachable.
    const cached = JSON.parse(await readFile(agent.configPath, 'utf8')) as { equipment?: unknown };
    expect(cached.equipment).toEqual({
      workstation: 1,
      fingerprint: 1,
      scanner: 0,
      card_reader: 1,
    });

    await admin.put('/api/v1/detector/settings', {});
    await expect.poll(() => statusText(agent), { timeout: 20_000 }).toMatch(SCANNER_LINE);
  });

  it('an agent that never reached the server uses its local requiredPeripherals', async () => {
    const agent = await launch({
      serverUrl: `http://127.0.0.1:${await deadPort()}`,
      stationId: 'st-never',
      credential: 'never-connected',
      wardId: WARD,
      overrides: { requiredPeripherals: ['scanner', 'printer'] },
    });
    await expect.poll(() => statusText(agent), { timeout: 20_000 }).toMatch(SCANNER_LINE);
    const text = await statusText(agent);
    expect(text).toContain('Thiết bị ngoại vi bắt buộc (theo cấu hình máy trạm;');
    expect(text).toMatch(/Máy in\s+KHÔNG CÓ/);
    expect(text).not.toContain('Đầu đọc vân tay');
  });

  it('the requirement goes only to agents that accept it (protocol v1 rejects unknown fields)', async () => {
    const st = await enrollStation(server, { wardId: WARD });
    const welcomeFor = async (agentVersion: string): Promise<Welcome> => {
      const socket = expectOpen(await openAgent(server.url, st.credential));
      try {
        socket.sendJson({ ...hello(st.stationId), agentVersion });
        return await socket.next<Welcome>((m: ServerMessage) => m.type === 'welcome');
      } finally {
        await socket.close();
      }
    };
    expect((await welcomeFor('0.1.0')).config).not.toHaveProperty('equipment');
    expect((await welcomeFor('0.2.0')).config.equipment).toEqual({
      workstation: 1,
      fingerprint: 1,
      scanner: 1,
      card_reader: 1,
    });
  });
});
