// A load-generator process (forked by bench/lib/fleet.mjs): owns a slice of simulated agents,
// each with the agent's own transport (createAgentConnection) and a MemoryOutbox, and appends
// one batch of R probe records every interval. Reports counters to the parent over IPC.
import { AGENT_VERSION, MemoryOutbox, createAgentConnection } from '../agent/dist/index.js';

const MAX_LATENCY_SAMPLES = 200_000;

/** R healthy probe records spread over the interval that just ended, cycling the targets. */
export function makeRecords(now, count, targets, intervalMs, failing = false) {
  const rounds = Math.max(1, Math.ceil(count / targets.length));
  const records = [];
  for (let j = 0; j < count; j++) {
    const round = Math.floor(j / targets.length);
    const avg = 8 + (j % 7);
    const at = Math.round(now - intervalMs + ((round + 1) * intervalMs) / rounds);
    if (failing && at >= failing) {
      const base = { kind: 'probe', at, target: targets[j % targets.length], probe: 'tcp' };
      records.push({ ...base, ok: false, sent: 4, received: 0, lossPct: 100, error: 'timeout' });
      continue;
    }
    records.push({
      kind: 'probe',
      at,
      target: targets[j % targets.length],
      probe: 'tcp',
      ok: true,
      rttMs: { min: avg - 1, avg, max: avg + 2, mdev: 0.8 },
      sent: 4,
      received: 4,
      lossPct: 0,
    });
  }
  return records;
}

function run(cfg) {
  const agents = [];
  let connectStartedAt = 0;
  let allWelcomedAt = null;
  let welcomed = 0;
  let stopped = false;
  const ackLatencies = [];
  let ackLatencyCount = 0;

  const onAllWelcomed = () => {
    allWelcomedAt = performance.now();
    process.send({
      type: 'connected',
      count: agents.length,
      seconds: (allWelcomedAt - connectStartedAt) / 1000,
    });
  };

  for (const cred of cfg.creds) {
    const outbox = new MemoryOutbox();
    const agent = {
      cred,
      outbox,
      conn: null,
      online: false,
      everOnline: false,
      sentAt: new Map(),
      acked: 0,
      timer: null,
    };
    agent.conn = createAgentConnection({
      url: cfg.url,
      credential: cred.credential,
      outbox,
      hello: () => ({
        v: 1,
        type: 'hello',
        stationId: cred.stationId,
        agentVersion: `${AGENT_VERSION}-bench`,
        hostname: cred.hostname,
        os: { platform: 'linux', release: 'bench', arch: process.arch },
        sentAt: Date.now(),
        mono: Math.round(performance.now()),
        lastSeq: outbox.size().lastSeq,
      }),
      onStatus: (s) => {
        agent.online = s.state === 'online';
        if (agent.online && !agent.everOnline) {
          agent.everOnline = true;
          welcomed += 1;
          agent.onFirstWelcome?.();
          if (welcomed === cfg.creds.length) onAllWelcomed();
        }
        if (s.ackedSeq > agent.acked) {
          const at = performance.now();
          for (let seq = agent.acked + 1; seq <= s.ackedSeq; seq++) {
            const t = agent.sentAt.get(seq);
            if (t === undefined) continue;
            agent.sentAt.delete(seq);
            ackLatencyCount += 1;
            // Reservoir sampling keeps a bounded, unbiased sample of ack latencies.
            if (ackLatencies.length < MAX_LATENCY_SAMPLES) ackLatencies.push(at - t);
            else {
              const k = Math.floor(Math.random() * ackLatencyCount);
              if (k < MAX_LATENCY_SAMPLES) ackLatencies[k] = at - t;
            }
          }
          agent.acked = s.ackedSeq;
        }
      },
      // Spread source addresses so 10,000 sockets never run short of ephemeral ports.
      wsOptions: cfg.localAddress ? { localAddress: cfg.localAddress } : {},
    });
    agents.push(agent);
  }

  // Connection set-up: at most `connectConcurrency` handshakes in flight.
  connectStartedAt = performance.now();
  let next = 0;
  const startNext = () => {
    if (stopped || next >= agents.length) return;
    const agent = agents[next++];
    agent.onFirstWelcome = startNext;
    agent.conn.start();
  };
  for (let i = 0; i < Math.min(cfg.connectConcurrency, agents.length); i++) startNext();
  if (agents.length === 0) onAllWelcomed();

  const beginBatches = () => {
    for (const agent of agents) {
      const tick = () => {
        if (stopped) return;
        const records = makeRecords(
          Date.now(),
          cfg.recordsPerBatch,
          cfg.targets,
          cfg.batchIntervalMs,
          agent.failingSince ?? false,
        );
        void agent.outbox.append(records).then((seq) => {
          agent.sentAt.set(seq, performance.now());
          agent.conn.notify();
        });
      };
      // Staggered start: agents spread evenly over one interval, as real ones drift apart.
      agent.timer = setTimeout(() => {
        tick();
        agent.timer = setInterval(tick, cfg.batchIntervalMs);
      }, Math.random() * cfg.batchIntervalMs);
    }
  };

  const statsTimer = setInterval(() => {
    let online = 0;
    let ackedRecords = 0;
    let appendedRecords = 0;
    let drops = 0;
    let pending = 0;
    for (const a of agents) {
      if (a.online) online += 1;
      const size = a.outbox.size();
      appendedRecords += size.appendedRecords;
      ackedRecords += a.acked * cfg.recordsPerBatch;
      pending += size.batches;
      drops += a.conn.status().drops;
    }
    process.send({
      type: 'stats',
      at: Date.now(),
      online,
      welcomed,
      ackedRecords,
      appendedRecords,
      pending,
      drops,
    });
  }, 1000);

  process.on('message', (msg) => {
    if (msg.type === 'begin') beginBatches();
    // A link cut as this station's probes see it: every round from `since` on fails.
    if (msg.type === 'fail') {
      for (const a of agents) if (a.cred.stationId === msg.stationId) a.failingSince = msg.since;
    }
    if (msg.type === 'stop') {
      stopped = true;
      clearInterval(statsTimer);
      for (const a of agents) {
        clearTimeout(a.timer);
        clearInterval(a.timer);
      }
      process.send({ type: 'latencies', ackMs: ackLatencies, ackCount: ackLatencyCount });
      void Promise.all(agents.map((a) => a.conn.stop())).finally(() => {
        process.send({ type: 'stopped' }, () => process.exit(0));
      });
    }
  });
}

if (process.send) {
  process.once('message', (msg) => {
    if (msg.type === 'start') run(msg);
  });
  process.on('disconnect', () => process.exit(0));
}
