import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationView } from '@wardwatch/shared';
import { login, startServer, type Api, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(ROOT, 'agent', 'bin', 'wardwatch-sim.js');

const POLL = { timeoutMs: 30_000, everyMs: 250 };

function runSim(args: string[]): {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const proc = spawn(process.execPath, [SIM, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

describe('wardwatch-sim', () => {
  let server: RunningServer;
  let admin: Api;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    server = await startServer();
    admin = await login(server);
    dir = await tempDir();
    await admin.post('/api/v1/targets', {
      id: 'csdlqg',
      name: 'CSDLQG',
      probe: 'tcp',
      host: '127.0.0.1',
      port: 9,
      intervalMs: 1000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await dir?.remove();
  });

  it('rejects bad flags with a clear message and exit code 2', async () => {
    const sim = runSim(['--server', server.url, '--wards', 'many', '--password', 'x']);
    expect(await sim.exited).toBe(2);
    expect(sim.output()).toMatch(/--wards: expected a whole number/);
  });

  it('brings up simulated wards over the real protocol, and reuses its stations on a second run', async () => {
    const state = join(dir.path, 'sim.json');
    const args = [
      '--server',
      server.url,
      '--wards',
      '3',
      '--seed',
      '7',
      '--password',
      server.adminPassword,
      '--state',
      state,
    ];
    const first = runSim(args);
    const online = await until(
      '3 simulated stations online',
      async () => {
        const { items } = await admin.get<{ items: StationView[] }>('/api/v1/stations');
        return items.filter((s) => s.online).length === 3 ? items : undefined;
      },
      POLL,
    );
    expect(online.map((s) => s.wardId).sort()).toEqual(['le-hong-phong', 'quang-phu', 'tran-phu']);

    // Synthesized probe rounds for the target the server pushed arrive and are stored.
    const station = online[0] as StationView;
    const probes = await until(
      'probe records',
      async () => {
        const { items } = await admin.get<{ items: { target?: string; ok: boolean }[] }>(
          `/api/v1/records?station=${station.id}&kind=probe`,
        );
        return items.length >= 2 ? items : undefined;
      },
      POLL,
    );
    expect(probes.every((p) => p.target === 'csdlqg')).toBe(true);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = runSim(args);
    await until(
      'stations back online',
      async () => {
        const { items } = await admin.get<{ items: StationView[] }>('/api/v1/stations');
        return items.filter((s) => s.online).length === 3 ? items : undefined;
      },
      POLL,
    );
    const { items } = await admin.get<{ items: StationView[] }>('/api/v1/stations');
    expect(items).toHaveLength(3); // same stations, not three new ones
    second.proc.kill('SIGTERM');
    await second.exited;
  });
});
