import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from '../../agent/src/node-flags.js';
import { runAgentCli, startAgent, writeAgentConfig } from '../helpers/agent.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

// The single-file bundle is what ships (deploy/): its cold parts (TypeBox explanations,
// systeminformation) live in deflated data: URLs and its checks are generated, so run it as
// the services do, with the agent's node flags.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'agent', 'dist-bundle', 'wardwatch-agent.mjs');
const launcher = [...AGENT_NODE_FLAGS, BUNDLE];

let server: RunningServer;
beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'agent', 'scripts', 'bundle.mjs')]);
  server = await startServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('agent bundle under the service flags', () => {
  it('connects, probes and gets its batches acked', async () => {
    const creds = await enrollStation(server, { wardId: 'bundle-ward' });
    const admin = await login(server);
    // A target from the server: it reaches the agent in the welcome (the generated check).
    const target = await admin.post<{ id: string }>('/api/v1/targets', {
      name: 'Server port',
      probe: 'tcp',
      host: '127.0.0.1',
      port: Number(new URL(server.url).port),
      intervalMs: 1000,
      wardId: 'bundle-ward',
    });
    const agent = await startAgent({ serverUrl: server.url, ...creds, launcher });
    try {
      const state = await until(
        'an acked batch with a probe result',
        async () => {
          const s = await agent.state().catch(() => undefined);
          return s?.connection.state === 'online' &&
            s.outbox.ackedSeq > 0 &&
            s.lastResults[target.id]
            ? s
            : undefined;
        },
        { timeoutMs: 20_000, everyMs: 200 },
      );
      expect(state.lastResults[target.id]?.ok).toBe(true);
    } finally {
      await agent.stop();
    }
    expect(agent.output()).not.toMatch(/bad frame from server|TypeError/);
  });

  it('explains a bad agent.json with the JSON path, exit 2', async () => {
    const path = await writeAgentConfig({
      serverUrl: 'ftp://nowhere',
      stationId: 's',
      credential: 'c',
      wardId: 'w',
    });
    const res = await runAgentCli(['run', '--config', path], process.env, 30_000, launcher);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/invalid agent config: \/server: must match pattern/);
    await writeFile(path, JSON.stringify({ server: 'ws://127.0.0.1:1', stationId: 's' }));
    const missing = await runAgentCli(['run', '--config', path], process.env, 30_000, launcher);
    expect(missing.stderr).toMatch(/must have required properties? credential/);
  });

  it('the inventory child prints one valid event record', async () => {
    const res = await runAgentCli(['__inventory', '1700000000000'], process.env, 60_000, launcher);
    expect(res.code, res.stderr).toBe(0);
    const record = JSON.parse(res.stdout) as { kind: string; at: number; detail: string };
    expect(record).toMatchObject({ kind: 'event', at: 1_700_000_000_000, name: 'inventory' });
    expect(JSON.parse(record.detail)).toMatchObject({ os: { platform: process.platform } });
  });
});
