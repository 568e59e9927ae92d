import type { ProbeRecord, Target } from '@wardwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDR_B, createLink, netemSkipReason, type Link, type ServiceProcess } from './netns.js';
import { estimateLink, median, roundTripLossPct, type LinkEstimate } from './probe-stats.js';

// The example: 40 ms each way, 10 % loss per direction → RTT 80 ms, round trip 19 %.
const DELAY_MS = 40;
const LOSS = 0.1;
const RTT_MS = 2 * DELAY_MS;
const RTT_TOLERANCE = 0.1;
const LOSS_TOLERANCE_POINTS = 5;
// Under Linux's 1 s initial SYN retransmission timeout: a lost SYN or SYN-ACK is a failed
// round instead of a 1 s slower one, so a tcp/http probe measures round-trip loss.
const SUB_RTO_TIMEOUT_MS = 900;
// Fixed, so each phase's drop pattern repeats run to run (NETEM_SEED=n tries another).
const SEED = Number(process.env.NETEM_SEED ?? 3);
// Rounds per lossy tcp/http phase. Which packet of the drop stream is a SYN depends on how
// concurrent rounds interleave, so the count is binomial: σ ≈ 1.2 points at n = 1000, p = 0.19
// (the ±5 tolerance is 4σ). icmp needs fewer: its phase is the only traffic, so the n-th echo
// meets the same fate every run.
const LOSS_ROUNDS = 1000;

const skip = netemSkipReason();
if (skip) console.warn(`[netem] link accuracy tests skipped: ${skip}`);

const report = (label: string, e: LinkEstimate, extra: Record<string, number> = {}) =>
  console.info(
    `[netem] ${label}: rounds ${e.rounds} (ok ${e.okRounds}), sent ${e.sent}, received ${e.received}, ` +
      `loss ${e.lossPct.toFixed(1)} %, RTT median ${e.rttMedianMs.toFixed(1)} ms, ` +
      `mean ${e.rttMeanMs.toFixed(1)} ms` +
      Object.entries(extra)
        .map(([k, v]) => `, ${k} ${v.toFixed(1)}`)
        .join(''),
  );

const SERVER_TIME_ALLOWANCE_MS = 15;
const expectRtt = (ms: number, expected = RTT_MS) => {
  expect(ms).toBeGreaterThanOrEqual(expected * (1 - RTT_TOLERANCE));
  expect(ms).toBeLessThanOrEqual(expected * (1 + RTT_TOLERANCE));
};
const expectLoss = (pct: number, expected: number) => {
  expect(Math.abs(pct - expected)).toBeLessThanOrEqual(LOSS_TOLERANCE_POINTS);
};

describe.skipIf(skip !== null)('agent probes over an emulated link (40 ms each way)', () => {
  let link: Link;
  let services: ServiceProcess;
  let tcpPort: number;
  let httpPort: number;

  beforeAll(async () => {
    link = await createLink({ delayMs: DELAY_MS, loss: 0, seed: SEED });
    services = await link.start(
      link.nsB,
      [process.execPath, 'tests/netem/b-services.mjs', ADDR_B],
      /\{"tcpPort":(\d+),"httpPort":(\d+)\}/,
    );
    tcpPort = Number(services.ready[1]);
    httpPort = Number(services.ready[2]);
  });
  afterAll(async () => {
    await link?.destroy();
  });

  const target = (probe: Target['probe'], extra: Partial<Target> = {}): Target => ({
    id: `netem-${probe}`,
    name: `netem ${probe}`,
    probe,
    host: ADDR_B,
    intervalMs: 1000,
    ...(probe === 'tcp' && { port: tcpPort }),
    ...(probe === 'http' && { url: `http://${ADDR_B}:${httpPort}/` }),
    ...extra,
  });

  /** `rounds` rounds of the agent's own probe code, run inside namespace A. */
  async function probeRounds(t: Target, rounds: number, concurrency: number) {
    const out = await link.exec(link.nsA, [
      // Niced like the emulator: its event loop times the tcp and http phases.
      'nice',
      '-n',
      '-10',
      process.execPath,
      'tests/netem/probe-rounds.mjs',
      JSON.stringify({ target: t, rounds, concurrency }),
    ]);
    const records = JSON.parse(out) as ProbeRecord[];
    expect(records).toHaveLength(rounds);
    return records;
  }

  /** Whether this agent build has the http probe yet (it answers `unsupported_probe` if not). */
  async function httpSupported(): Promise<boolean> {
    const [r] = await probeRounds(target('http'), 1, 1);
    if (r?.error === 'unsupported_probe') {
      console.warn('[netem] http probe not in this agent build: http accuracy not checked');
      return false;
    }
    return true;
  }

  it('no loss: icmp, tcp and http see RTT ≈ 80 ms and no loss', async () => {
    await link.emulator.set({ delayMs: DELAY_MS, loss: 0 });

    const icmp = estimateLink(await probeRounds(target('icmp'), 25, 25));
    report('icmp, no loss', icmp);
    expect(icmp.sent).toBeGreaterThanOrEqual(100);
    expectRtt(icmp.rttMedianMs);
    expectRtt(icmp.rttMeanMs);
    expectLoss(icmp.lossPct, 0);

    const tcp = estimateLink(await probeRounds(target('tcp'), 50, 5));
    report('tcp, no loss', tcp);
    expectRtt(tcp.rttMedianMs);
    expectLoss(tcp.lossPct, 0);

    if (await httpSupported()) {
      const records = await probeRounds(target('http'), 50, 5);
      const http = estimateLink(records);
      // A fresh connection per round: the handshake is one RTT, request → first byte another.
      const connect = median(
        records.map((r) => r.timings?.connectMs ?? NaN).filter(Number.isFinite),
      );
      const firstByte = median(
        records.map((r) => r.timings?.firstByteMs ?? NaN).filter(Number.isFinite),
      );
      report('http, no loss', http, { connectMs: connect, firstByteMs: firstByte });
      expectRtt(connect);
      // First byte is one RTT plus the B-side node server's own time to answer, which on a
      // busy 2-core machine varies by several ms; the pure network RTT is `connect` above.
      expect(firstByte).toBeGreaterThanOrEqual(RTT_MS * (1 - RTT_TOLERANCE));
      expect(firstByte).toBeLessThanOrEqual(
        RTT_MS * (1 + RTT_TOLERANCE) + SERVER_TIME_ALLOWANCE_MS,
      );
      expectRtt(http.rttMedianMs, 2 * RTT_MS);
      expectLoss(http.lossPct, 0);
    }
  });

  it('10 % loss per direction: icmp reports ≈ 19 % loss and RTT ≈ 80 ms', async () => {
    await link.emulator.set({ delayMs: DELAY_MS, loss: LOSS, seed: SEED });
    await link.emulator.resetStats();
    const icmp = estimateLink(await probeRounds(target('icmp'), 100, 50));
    const stats = await link.emulator.stats();
    // What the emulator actually did to these echoes: requests A→B, replies B→A.
    const realized =
      100 * (1 - stats.ba.icmp.forwarded / (stats.ab.icmp.forwarded + stats.ab.icmp.dropped));
    report('icmp, 10 % per direction', icmp, { realizedLossPct: realized });
    expect(icmp.sent).toBeGreaterThanOrEqual(400);
    expectLoss(icmp.lossPct, roundTripLossPct(LOSS));
    // The probe counts exactly what the link lost (up to an echo or two in flight at ping's deadline).
    expect(Math.abs(icmp.lossPct - realized)).toBeLessThanOrEqual(1);
    expectRtt(icmp.rttMedianMs);
    expectRtt(icmp.rttMeanMs);
  });

  it('10 % loss per direction: tcp connect time ≈ 80 ms; loss shows as failed or 1 s-late handshakes', async () => {
    await link.emulator.set({ delayMs: DELAY_MS, loss: LOSS, seed: SEED + 1 });

    // Probe timeout under the SYN retransmission timeout: loss is reported as loss.
    const quick = estimateLink(
      await probeRounds(target('tcp', { timeoutMs: SUB_RTO_TIMEOUT_MS }), LOSS_ROUNDS, 25),
    );
    report(`tcp, timeout ${SUB_RTO_TIMEOUT_MS} ms, 10 % per direction`, quick);
    expectLoss(quick.lossPct, roundTripLossPct(LOSS));
    expectRtt(quick.rttMedianMs);

    // Default 5 s timeout: TCP retransmits, so a loss costs ≥ 1 s instead of failing the round.
    const records = await probeRounds(target('tcp'), LOSS_ROUNDS, 30);
    const patient = estimateLink(records);
    const late = records.filter((r) => r.ok && (r.rttMs?.avg ?? 0) >= 1000).length;
    const lateOrFailedPct = (100 * (late + records.filter((r) => !r.ok).length)) / records.length;
    report('tcp, timeout 5 s, 10 % per direction', patient, { lateOrFailedPct });
    expectRtt(patient.rttMedianMs);
    expectLoss(lateOrFailedPct, roundTripLossPct(LOSS));
  });

  it('10 % loss per direction: http handshake ≈ 80 ms, loss ≈ 19 % with a sub-second timeout', async () => {
    if (!(await httpSupported())) return;
    await link.emulator.set({ delayMs: DELAY_MS, loss: LOSS, seed: SEED + 2 });
    const records = await probeRounds(
      target('http', { timeoutMs: SUB_RTO_TIMEOUT_MS }),
      LOSS_ROUNDS,
      25,
    );
    const http = estimateLink(records);
    const ok = records.filter((r) => r.ok);
    const connect = median(ok.map((r) => r.timings?.connectMs ?? NaN).filter(Number.isFinite));
    report(`http, timeout ${SUB_RTO_TIMEOUT_MS} ms, 10 % per direction`, http, {
      connectMs: connect,
    });
    expectRtt(connect);
    expectRtt(http.rttMedianMs, 2 * RTT_MS);
    expectLoss(http.lossPct, roundTripLossPct(LOSS));
  });
});
