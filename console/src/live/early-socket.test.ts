import { afterEach, describe, expect, it, vi } from 'vitest';
import { discardEarlySocket, takeEarlySocket, type EarlySocket } from './early-socket.js';

function pageWithEarlySocket() {
  const socket = {
    onopen: () => undefined,
    onmessage: () => undefined,
    onclose: () => undefined,
    close: vi.fn(),
  };
  const early = { socket, opened: false, closed: false, messages: [] };
  vi.stubGlobal('window', { __wwEarlySocket: early });
  return { socket, early: early as unknown as EarlySocket };
}

describe('early socket', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is taken once', () => {
    const { early } = pageWithEarlySocket();
    expect(takeEarlySocket()).toBe(early);
    expect(takeEarlySocket()).toBeNull();
  });

  it('is closed, without its buffering handlers, when nobody adopts it', () => {
    const { socket } = pageWithEarlySocket();
    discardEarlySocket();
    expect(socket.close).toHaveBeenCalledWith(1000);
    expect([socket.onopen, socket.onmessage, socket.onclose]).toEqual([null, null, null]);
    expect(takeEarlySocket()).toBeNull();
  });

  it('is null where the page opened none', () => {
    vi.stubGlobal('window', {});
    expect(takeEarlySocket()).toBeNull();
    discardEarlySocket();
  });
});
