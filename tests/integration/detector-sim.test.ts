import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUANG_NGAI_WARDS, type Incident, type IncidentList } from '@wardwatch/shared';
import { login, startServer, type Api, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(ROOT, 'agent', 'bin', 'wardwatch-sim.js');
const WARDS = QUANG_NGAI_WARDS.slice(0, 5).map((w) => w.id);
const [, LINE_WARD, , OFF_WARD] = WARDS;

let server: RunningServer;
let admin: Api;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sim: ChildProcess | null = null;
let simOutput = '';

beforeAll(async () => {
  server = await startServer();
  admin = await login(server);
  dir = await tempDir();
  for (const id of ['gateway', 'csdlqg']) {
    await admin.post('/api/v1/targets', {
      id,
      name: id,
      probe: 'icmp',
      host: '127.0.0.1',
      intervalMs: 1000,
    });
  }
  // Thresholds for a run of seconds instead of minutes.
  const res = await fetch(`${server.url}/api/v1/detector/settings`, {
    method: 'PUT',
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      global: { link: { openAfter: 2, closeAfter: 2 }, offline: { graceMs: 4000 } },
    }),
  });
  expect(res.status).toBe(200);
  const scenario = join(dir.path, 'scenario.json');
  await writeFile(
    scenario,
    JSON.stringify({
      name: 'detector-test',
      faults: [
        { kind: 'line_down', wardIds: [LINE_WARD], startMin: 0.1, durationMin: 0.25 },
        { kind: 'power_off', wardIds: [OFF_WARD], startMin: 0.1, durationMin: 0.3 },
        { kind: 'upstream_outage', target: 'csdlqg', startMin: 0.45, durationMin: 0.3 },
      ],
    }),
  );
  sim = spawn(
    process.execPath,
    [
      SIM,
      '--server',
      server.url,
      '--wards',
      '5',
      '--seed',
      '3',
      '--scenario',
      scenario,
      '--password',
      server.adminPassword,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  sim.stdout?.on('data', (d: Buffer) => (simOutput += d.toString()));
  sim.stderr?.on('data', (d: Buffer) => (simOutput += d.toString()));
});

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((r) => sim?.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
  }
  await server?.stop();
  await dir?.remove();
});

const closed = (items: Incident[], pred: (i: Incident) => boolean) =>
  items.filter((i) => pred(i) && i.endedAt !== null);

describe('detector on a simulated city (wardwatch-sim → real server)', () => {
  it('finds the line cut (local_link), the PC switched off (station_down) and the upstream outage', async () => {
    const deadline = Date.now() + 100_000;
    let items: Incident[] = [];
    for (;;) {
      items = (await admin.get<IncidentList>('/api/v1/incidents?limit=1000')).items;
      const upstream = closed(
        items,
        (i) => i.kind === 'link_down' && i.target === 'csdlqg' && i.attribution === 'upstream',
      );
      const line = closed(
        items,
        (i) => i.kind === 'link_down' && i.wardId === LINE_WARD && i.target === 'gateway',
      );
      const off = closed(items, (i) => i.kind === 'station_offline' && i.wardId === OFF_WARD);
      if (upstream.length >= 4 && line.length >= 1 && off.length >= 1) break;
      if (Date.now() > deadline || (sim?.exitCode ?? null) !== null) {
        throw new Error(
          `incidents not found in time:\n${JSON.stringify(items, null, 1)}\n${simOutput}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const dur = (i: Incident) => ((i.endedAt ?? 0) - i.startedAt) / 1000;

    // The line cut comes before the upstream outage, which hits the line ward too.
    const outageStart = Math.min(
      ...items
        .filter((i) => i.attribution === 'upstream' && i.wardId !== LINE_WARD)
        .map((i) => i.startedAt),
    );
    const line = items.filter(
      (i) => i.kind === 'link_down' && i.wardId === LINE_WARD && i.startedAt < outageStart - 5000,
    );
    expect(line.map((i) => i.target).sort()).toEqual(['csdlqg', 'gateway']);
    for (const i of line) {
      expect(i.attribution).toBe('local_link');
      expect(dur(i)).toBeGreaterThan(10); // 15 s cut, to the probe interval (plus the sim's 1 s tick)
      expect(dur(i)).toBeLessThan(20);
    }

    const off = items.filter((i) => i.kind === 'station_offline');
    expect(off.map((i) => i.wardId)).toEqual([OFF_WARD]);
    expect(off[0]?.attribution).toBe('station_down');
    expect(dur(off[0] as Incident)).toBeGreaterThan(12); // 18 s off
    expect(dur(off[0] as Incident)).toBeLessThan(24);

    const upstream = items.filter(
      (i) => i.kind === 'link_down' && i.target === 'csdlqg' && i.attribution === 'upstream',
    );
    expect(upstream.length).toBeGreaterThanOrEqual(4);
    for (const i of upstream) {
      expect(dur(i)).toBeGreaterThan(12); // 18 s outage
      expect(dur(i)).toBeLessThan(24);
      expect((i.evidence.wards as string[]).length).toBeGreaterThanOrEqual(3);
    }
    // The city report: no ward has a scanner.
    const gaps = items.filter((i) => i.kind === 'equipment_gap');
    expect(new Set(gaps.map((g) => g.wardId))).toEqual(new Set(WARDS));
    expect(gaps.every((g) => g.category === 'scanner' && g.endedAt === null)).toBe(true);
  }, 120_000);
});
