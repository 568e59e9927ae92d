// Detection latency: a real agent (its own process, default intervals) in network namespace A
// reaches the server and its targets in namespace B only through the link emulator
// (tests/netem). The link is cut (every packet dropped, both ways, as a line going dead);
// we time cut → first `incident` opened for that ward on /ws/console. Budget: ≤ 15 s.
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { watchConsole } from '../lib/console-watch.mjs';
import { ROOT } from '../lib/machine.mjs';
import { loadNetem } from '../lib/netem.mjs';
import { login } from '../lib/server.mjs';
import { round, summarize } from '../lib/stats.mjs';
import { sleep, tempDir } from '../lib/tmp.mjs';

const BUDGET_S = 15;

export function defaults(quick) {
  return { cuts: quick ? 1 : 3, waitSec: quick ? 80 : 120, settleSec: quick ? 10 : 30 };
}

const pending = (reason) => ({
  status: 'pending',
  result: { reason },
  table: [
    {
      measure: 'link cut → incident on /ws/console',
      value: `pending: ${reason}`,
      budget: `≤ ${BUDGET_S} s`,
    },
  ],
});

export async function run(opts, log) {
  const { netem, reason } = await loadNetem();
  if (!netem) return pending(reason);
  // The helper's addresses are fixed (10.231.0.0/24, 10.231.9.0/30): a netem test running at the
  // same time would collide with them.
  if ((await netem.ip('-br', 'addr')).includes('10.231.')) {
    return pending(
      'another tests/netem link is up right now (same fixed addresses); re-run when it is done',
    );
  }
  const dir = tempDir('detection', opts.keep);
  const link = await netem.createLink({ delayMs: 5, loss: 0, sidePath: true });
  let watch = null;
  let agent = null;
  try {
    const services = await link.start(
      link.nsB,
      [process.execPath, join(ROOT, 'tests/netem/b-services.mjs'), link.addrB],
      /\{"tcpPort":(\d+),"httpPort":(\d+)\}/,
    );
    const adminPassword = `bench-${randomBytes(9).toString('base64url')}`;
    const server = await link.start(
      link.nsB,
      [
        process.execPath,
        join(ROOT, 'server/bin/wardwatch-server.js'),
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--db',
        `sqlite:${join(dir, 'ww.db')}`,
      ],
      /WardWatch server ready: http:\/\/[^:]+:(\d+)\//,
      {
        env: {
          ...process.env,
          WARDWATCH_LOG_LEVEL: 'warn',
          WARDWATCH_ADMIN_PASSWORD: adminPassword,
        },
      },
    );
    const port = Number(server.ready[1]);
    const url = `http://${link.sideB}:${port}`; // REST + console over the side path, never cut
    const admin = await login(url, 'admin', adminPassword);
    const wardId = 'bench-cut';
    await admin.post('/api/v1/wards', { id: wardId, name: 'Bench link cut' });
    const { token } = await admin.post('/api/v1/enrollment-tokens', { wardId });
    const enrolled = await (
      await fetch(`${url}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, hostname: 'bench-cut-pc' }),
      })
    ).json();
    // Targets at the server's default intervals, all across the emulated link.
    const base = { wardId, host: link.addrB };
    await admin.post('/api/v1/targets', { ...base, name: 'B icmp', probe: 'icmp' });
    await admin.post('/api/v1/targets', {
      ...base,
      name: 'B tcp',
      probe: 'tcp',
      port: Number(services.ready[1]),
    });
    await admin.post('/api/v1/targets', {
      ...base,
      name: 'B http',
      probe: 'http',
      url: `http://${link.addrB}:${services.ready[2]}/`,
    });
    const configPath = join(dir, 'agent.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        server: `http://${link.addrB}:${port}`,
        stationId: enrolled.stationId,
        credential: enrolled.credential,
        wardId,
        dataDir: join(dir, 'agent-data'),
        // The emulated link's far end is a private test address, not loopback: plain ws on purpose.
        allowInsecure: true,
      }),
      { mode: 0o600 },
    );
    agent = await link.start(
      link.nsA,
      [process.execPath, join(ROOT, 'agent/bin/wardwatch-agent.js'), 'run', '--config', configPath],
      /agent started/,
    );
    watch = await watchConsole(url, admin.cookie);
    log(`  agent running in ${link.nsA}; settling ${opts.settleSec} s…`);
    await sleep(opts.settleSec * 1000);
    const cuts = [];
    for (let i = 0; i < opts.cuts; i++) {
      const before = watch.incidents().length;
      await link.emulator.cut();
      const cutAt = Date.now();
      let opened = null;
      while (!opened && Date.now() - cutAt < opts.waitSec * 1000) {
        await sleep(100);
        opened = watch
          .incidents()
          .slice(before)
          .find((m) => m.change === 'opened' && m.incident.wardId === wardId);
      }
      await link.emulator.restore();
      const seconds = opened ? (opened.receivedAt - cutAt) / 1000 : null;
      cuts.push({
        seconds,
        kind: opened?.incident.kind ?? null,
        attribution: opened?.incident.attribution ?? null,
      });
      log(
        `  cut ${i + 1}: ${opened ? `${opened.incident.kind} after ${round(seconds, 1)} s` : `no incident within ${opts.waitSec} s`}`,
      );
      if (i + 1 < opts.cuts) await sleep(opts.settleSec * 1000 * 2); // recover, let incidents close
    }
    const detected = cuts.filter((c) => c.seconds !== null);
    const s = summarize(detected.map((c) => c.seconds));
    return {
      result: { options: opts, cuts, seconds: s },
      table: [
        {
          measure: 'link cut → incident on /ws/console',
          value: detected.length
            ? `median ${round(s.p50, 1)} s, max ${round(s.max, 1)} s (${detected.length}/${cuts.length} cuts)`
            : `no incident within ${opts.waitSec} s`,
          'first kind': cuts[0]?.kind ?? '—',
          budget: `≤ ${BUDGET_S} s`,
        },
      ],
    };
  } finally {
    watch?.close();
    await agent?.stop();
    await link.destroy();
  }
}
