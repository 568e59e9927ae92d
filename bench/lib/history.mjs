import { MemoryOutbox, createAgentConnection } from '../../agent/dist/index.js';
import { mapLimit } from './server.mjs';

/**
 * Replays generated history for `creds` through the real protocol (agent transport, batches
 * of 1000 records with past `at` times): one probe round per `stepMs` per target, with an
 * outage of `outageMin` minutes every `outageEveryH` hours (so reports have incidents to count).
 */
export async function replayHistory({
  url,
  creds,
  targets,
  from,
  to,
  stepMs,
  outageEveryH = 24 * 7,
  outageMin = 30,
  concurrency = 8,
  log = () => {},
}) {
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws/agent`;
  let records = 0;
  const t0 = performance.now();
  await mapLimit(creds, concurrency, async (cred, i) => {
    const outbox = new MemoryOutbox({ maxBytes: 2 ** 31 });
    let batch = [];
    const flush = async () => {
      if (batch.length) await outbox.append(batch);
      records += batch.length;
      batch = [];
    };
    const phase = (i * 7919) % (outageEveryH * 3_600_000);
    for (let at = from; at < to; at += stepMs) {
      const down = (at + phase) % (outageEveryH * 3_600_000) < outageMin * 60_000;
      for (const target of targets) {
        batch.push(
          down
            ? {
                kind: 'probe',
                at,
                target,
                probe: 'tcp',
                ok: false,
                sent: 4,
                received: 0,
                lossPct: 100,
                error: 'timeout',
              }
            : {
                kind: 'probe',
                at,
                target,
                probe: 'tcp',
                ok: true,
                rttMs: { min: 9, avg: 10, max: 12, mdev: 1 },
                sent: 4,
                received: 4,
                lossPct: 0,
              },
        );
        if (batch.length === 1000) await flush();
      }
    }
    await flush();
    const conn = createAgentConnection({
      url: wsUrl,
      credential: cred.credential,
      outbox,
      hello: () => ({
        v: 1,
        type: 'hello',
        stationId: cred.stationId,
        agentVersion: '0.0.0-history',
        hostname: cred.hostname,
        os: { platform: 'linux', release: 'bench', arch: process.arch },
        sentAt: Date.now(),
        mono: 0,
        lastSeq: outbox.size().lastSeq,
      }),
    });
    conn.start();
    const drained = await conn.waitDrained(600_000);
    await conn.stop();
    if (!drained) throw new Error(`history for ${cred.stationId} not acked in time`);
    if (i % 500 === 0) log(`    history: ${i + 1}/${creds.length} stations, ${records} records`);
  });
  return { records, seconds: (performance.now() - t0) / 1000 };
}
