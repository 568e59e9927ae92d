import type { StationView } from '@wardwatch/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarlySocket } from './early-socket.js';
import { LiveSource } from './live-source.js';

/** Enough of a WebSocket for LiveSource: events, the `on…` slots, close(). */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url = 'early') {
    super();
    FakeSocket.made.push(this);
  }
  close(): void {
    this.closed = true;
  }
  receive(data: string): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const station: StationView = {
  id: 'st-1',
  wardId: 'tran-phu',
  hostname: 'pc-01',
  online: true,
  lastSeenAt: 1000,
  lastRttMs: 3,
  lastProbeOk: true,
};
const snapshot = JSON.stringify({ v: 1, type: 'snapshot', serverTime: 1, stations: [station] });
const update = JSON.stringify({
  v: 1,
  type: 'station',
  serverTime: 2,
  station: { ...station, online: false },
});

function early(socket: FakeSocket, opened: boolean, messages: unknown[]): EarlySocket {
  return { socket: socket as unknown as WebSocket, opened, closed: false, messages };
}

describe('LiveSource with the socket the page opened early', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.made = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('adopts it: replays its open and snapshot, keeps listening, opens no other', async () => {
    const socket = new FakeSocket();
    socket.onmessage = () => undefined;
    const live = new LiveSource({ url: 'ws://test/ws/console' });
    live.start(early(socket, true, [snapshot]));
    expect(socket.onmessage).toBeNull();
    expect(live.status).toBe('open');
    // What it buffered is applied at once: the app's first render has it.
    expect(live.hasSnapshot).toBe(true);
    expect(live.stations.get('st-1')?.online).toBe(true);
    // Later messages are applied per frame (here the 250 ms fallback: no frames in node).
    socket.receive(update);
    expect(live.stations.get('st-1')?.online).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(live.stations.get('st-1')?.online).toBe(false);
    expect(FakeSocket.made).toEqual([socket]);
    live.stop();
  });

  it('adopts one still connecting: its open comes later, as usual', async () => {
    const socket = new FakeSocket();
    const live = new LiveSource({ url: 'ws://test/ws/console' });
    live.start(early(socket, false, []));
    expect(live.status).toBe('connecting');
    socket.dispatchEvent(new Event('open'));
    socket.receive(snapshot);
    await vi.advanceTimersByTimeAsync(250);
    expect(live.status).toBe('open');
    expect(live.hasSnapshot).toBe(true);
    live.stop();
  });

  it('opens its own when the early socket has closed (refused or dropped)', () => {
    const socket = new FakeSocket();
    const live = new LiveSource({ url: 'ws://test/ws/console' });
    live.start({ ...early(socket, false, [snapshot]), closed: true });
    expect(FakeSocket.made.map((s) => s.url)).toEqual(['early', 'ws://test/ws/console']);
    expect(live.hasSnapshot).toBe(false);
    live.stop();
  });
});
