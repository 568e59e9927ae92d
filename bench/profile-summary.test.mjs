import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameGroup, summarizeProfile, timeUnder } from './profile-summary.mjs';

test('frameGroup names the package of a frame', () => {
  assert.equal(
    frameGroup('file:///w/node_modules/.pnpm/ws@8.23.0/node_modules/ws/lib/receiver.js', 'x'),
    'ws',
  );
  assert.equal(
    frameGroup('file:///w/server/dist/ingest/agent-socket.js', 'x'),
    '@wardwatch/server',
  );
  assert.equal(frameGroup('', '(garbage collector)'), 'gc');
  assert.equal(frameGroup('node:internal/streams', 'x'), 'node core');
});

test('summarizeProfile sums self time per function and leaves idle out of busy', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      {
        id: 3,
        callFrame: { functionName: 'parse', url: 'file:///r/server/dist/a.js', lineNumber: 9 },
      },
    ],
    samples: [2, 3, 3, 2],
    timeDeltas: [1000, 3000, 1000, 5000],
  };
  const s = summarizeProfile(profile);
  assert.equal(s.totalMs, 10);
  assert.equal(s.busyMs, 4);
  assert.deepEqual(s.topSelf[0], {
    fn: 'parse',
    where: 'server/dist/a.js:10',
    selfMs: 4,
    pctOfBusy: 100,
  });
});

test('timeUnder counts a function with everything it called, once per stack', () => {
  const frame = (functionName) => ({ functionName, url: '', lineNumber: -1 });
  // root → flush → write → write (recursion); root → other; root → (idle)
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
      { id: 2, callFrame: frame('flush'), children: [3] },
      { id: 3, callFrame: frame('write'), children: [4] },
      { id: 4, callFrame: frame('write') },
      { id: 5, callFrame: frame('other') },
      { id: 6, callFrame: frame('(idle)') },
    ],
    samples: [2, 3, 4, 5, 6],
    timeDeltas: [1000, 2000, 3000, 4000, 10000],
  };
  assert.deepEqual(timeUnder(profile, ['flush', 'write', 'absent']), [
    { fn: 'flush', ms: 6, pctOfBusy: 60 },
    { fn: 'write', ms: 5, pctOfBusy: 50 },
    { fn: 'absent', ms: 0, pctOfBusy: 0 },
  ]);
});
