/** One agent's 10 s batch as the store benchmarks write it: 20 healthy tcp rounds over 5 targets. */
export const probeBatchRecords = (now) =>
  Array.from({ length: 20 }, (_, j) => ({
    kind: 'probe',
    at: now - 10_000 + j * 500,
    target: `bench-t${(j % 5) + 1}`,
    probe: 'tcp',
    ok: true,
    rttMs: { min: 8, avg: 9, max: 11, mdev: 0.8 },
    sent: 4,
    received: 4,
    lossPct: 0,
  }));
