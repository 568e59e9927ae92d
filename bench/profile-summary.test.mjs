import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameGroup, summarizeProfile } from './profile-summary.mjs';

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
