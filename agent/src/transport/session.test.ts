import { describe, expect, it } from 'vitest';
import { closeCause, serverSessionRecord } from './session.js';
import { agentSocketUrl, httpBaseUrl } from './url.js';

describe('closeCause', () => {
  it.each([
    [{ heartbeatTimeout: true, serverClosed: false }, 'timeout'],
    [{ heartbeatTimeout: false, serverClosed: true }, 'server_close'],
    [{ heartbeatTimeout: false, serverClosed: false }, 'reset'],
    [{ heartbeatTimeout: false, serverClosed: false, errorCode: 'ECONNRESET' }, 'reset'],
    [{ heartbeatTimeout: false, serverClosed: false, errorCode: 'ETIMEDOUT' }, 'timeout'],
    [{ heartbeatTimeout: false, serverClosed: false, errorCode: 'EPROTO' }, 'error'],
  ] as const)('%o → %s', (info, cause) => expect(closeCause(info)).toBe(cause));
});

describe('serverSessionRecord', () => {
  it('fills reconnectMs only once reconnected', () => {
    expect(serverSessionRecord(1000, 5000, 'reset')).toEqual({
      kind: 'session',
      at: 5000,
      session: 'server',
      startedAt: 1000,
      endedAt: 5000,
      cause: 'reset',
    });
    expect(serverSessionRecord(1000, 5000, 'reset', 7500).reconnectMs).toBe(2500);
  });
});

describe('urls', () => {
  it.each([
    ['http://127.0.0.1:8080', 'ws://127.0.0.1:8080/ws/agent'],
    ['https://ww.example/', 'wss://ww.example/ws/agent'],
    ['ws://h:1', 'ws://h:1/ws/agent'],
    ['wss://h/custom/path', 'wss://h/custom/path'],
  ])('%s → socket %s', (input, out) => expect(agentSocketUrl(input)).toBe(out));
  it.each([
    ['ws://127.0.0.1:8080/ws/agent', 'http://127.0.0.1:8080'],
    ['wss://h', 'https://h'],
    ['http://h:9/', 'http://h:9'],
  ])('%s → http %s', (input, out) => expect(httpBaseUrl(input)).toBe(out));
});
