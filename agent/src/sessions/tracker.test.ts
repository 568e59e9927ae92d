import { describe, expect, it } from 'vitest';
import { classifyEnd, initialTracker, stepTracker, type TrackerInput } from './tracker.js';

const S = { kind: 'service' as const, target: 'dvc', maxWaitMs: 60_000 };

function run(inputs: TrackerInput[]) {
  let state = initialTracker();
  const records = [];
  for (const i of inputs) {
    const r = stepTracker(state, i, S);
    state = r.state;
    records.push(...r.records);
  }
  return { state, records };
}

describe('classifyEnd', () => {
  it.each([
    [{ errorCode: 'ECONNRESET' }, 'reset'],
    [{ errorCode: 'EPIPE' }, 'reset'],
    [{ errorCode: 'ETIMEDOUT' }, 'timeout'],
    [{ keepWarmTimeout: true }, 'timeout'],
    [{ remoteClosed: true }, 'server_close'],
    [{}, 'reset'],
    [{ errorCode: 'ENETUNREACH' }, 'iface_down'],
    [{ errorCode: 'ECONNRESET', localAddressGone: true }, 'iface_down'],
    [{ errorCode: 'ERR_SSL_DECRYPTION_FAILED' }, 'error'],
  ] as const)('%j → %s', (info, cause) => expect(classifyEnd(info)).toBe(cause));
});

describe('stepTracker', () => {
  it('a drop is recorded on reconnect with reconnectMs', () => {
    const { records, state } = run([
      { type: 'connected', at: 1000 },
      { type: 'ended', at: 5000, cause: 'reset' },
      { type: 'tick', at: 6000 },
      { type: 'connected', at: 7500 },
    ]);
    expect(records).toEqual([
      {
        kind: 'session',
        at: 5000,
        session: 'service',
        target: 'dvc',
        startedAt: 1000,
        endedAt: 5000,
        cause: 'reset',
        reconnectMs: 2500,
      },
    ]);
    expect(state).toEqual({ upSince: 7500, pending: null });
  });

  it('a long outage is recorded after maxWaitMs without reconnectMs, once', () => {
    const { records } = run([
      { type: 'connected', at: 0 },
      { type: 'ended', at: 10_000, cause: 'timeout' },
      { type: 'tick', at: 69_999 },
      { type: 'tick', at: 70_000 },
      { type: 'tick', at: 80_000 },
      { type: 'connected', at: 90_000 },
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).not.toHaveProperty('reconnectMs');
    expect(records[0]).toMatchObject({ cause: 'timeout', startedAt: 0, endedAt: 10_000 });
  });

  it('our own close is not a drop; an end while down is ignored; stop flushes', () => {
    expect(
      run([
        { type: 'connected', at: 0 },
        { type: 'closed', at: 100 },
        { type: 'ended', at: 200, cause: 'reset' },
      ]).records,
    ).toEqual([]);
    const stopped = run([
      { type: 'connected', at: 0 },
      { type: 'ended', at: 100, cause: 'iface_down' },
      { type: 'stop', at: 200 },
    ]);
    expect(stopped.records).toMatchObject([{ cause: 'iface_down', endedAt: 100 }]);
  });
});
