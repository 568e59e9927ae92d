// Runs the agent's own probe strategies (agent/dist, build it first) for N rounds against
// one target, `concurrency` rounds at a time, and prints the probe records as one JSON array.
// Started inside namespace A with `ip netns exec`, so every round crosses the emulated link.
// Usage: node probe-rounds.mjs '{"target":{…Target},"rounds":100,"concurrency":25}'
import { findPing, strategyFor, toProbeRecord } from '../../agent/dist/probes/index.js';

const { target, rounds, concurrency } = JSON.parse(process.argv[2]);
const strategy = strategyFor(target.probe)(target, { findPing: () => findPing() });
const records = [];
let next = 0;
const worker = async () => {
  while (next < rounds) {
    next += 1;
    const at = Date.now();
    const outcome = await strategy.run(new AbortController().signal);
    records.push(toProbeRecord(target, outcome, at));
  }
};
await Promise.all(Array.from({ length: Math.min(concurrency, rounds) }, worker));
process.stdout.write(JSON.stringify(records));
