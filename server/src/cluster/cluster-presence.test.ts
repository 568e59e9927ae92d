import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterBus, ClusterHandler } from './bus.js';
import { ClusterPresence, type LocalAgents, type PresenceTransition } from './cluster-presence.js';
import type { ClusterEvent } from './messages.js';

const T0 = 1_700_000_000_000;
const ANNOUNCE_MS = 1000;

/** Instances in one process, delivering synchronously to every other member (like NOTIFY). */
class MemoryNetwork {
  readonly members: MemoryBus[] = [];
  join(id: string): MemoryBus {
    const bus = new MemoryBus(id, this);
    this.members.push(bus);
    return bus;
  }
}
class MemoryBus implements ClusterBus {
  readonly isShared = true;
  readonly handlers = new Set<ClusterHandler>();
  isUp = true;
  readonly instanceId: string;
  private readonly net: MemoryNetwork;
  constructor(instanceId: string, net: MemoryNetwork) {
    this.instanceId = instanceId;
    this.net = net;
  }
  publish(event: ClusterEvent): void {
    if (!this.isUp) return;
    for (const m of this.net.members) {
      if (m !== this && m.isUp)
        for (const h of m.handlers) h(structuredClone(event), this.instanceId);
    }
  }
  subscribe(handler: ClusterHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

class Agents implements LocalAgents {
  readonly conns = new Map<string, { stationId: string; wardId: string; lastFrameAt: number }>();
  readonly closed: string[] = [];
  isOnline = (id: string) => this.conns.has(id);
  disconnect(id: string): number {
    if (!this.conns.has(id)) return 0;
    this.closed.push(id);
    return 1;
  }
  connections() {
    return this.conns.values();
  }
}

function instance(net: MemoryNetwork, id: string) {
  const agents = new Agents();
  const transitions: PresenceTransition[] = [];
  const bus = net.join(id);
  const presence = new ClusterPresence({
    local: agents,
    bus,
    now: () => Date.now(),
    announceMs: ANNOUNCE_MS,
    onTransition: (t) => transitions.push(t),
  });
  presence.start();
  const connect = (stationId: string) => {
    const conn = { stationId, wardId: 'w1', lastFrameAt: Date.now() };
    agents.conns.set(stationId, conn);
    presence.localConnected(conn);
  };
  const close = (stationId: string) => {
    const conn = agents.conns.get(stationId);
    if (!conn) throw new Error(`no ${stationId}`);
    agents.conns.delete(stationId);
    presence.localDisconnected(conn);
  };
  return { agents, bus, presence, transitions, connect, close };
}

const summary = (ts: PresenceTransition[]) =>
  ts.map((t) => `${t.stationId}:${t.online ? 'on' : 'off'}`);

describe('ClusterPresence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('shows a station connected to one instance as online on every instance', () => {
    const net = new MemoryNetwork();
    const a = instance(net, 'a');
    const b = instance(net, 'b');
    a.connect('s1');
    expect(b.presence.isOnline('s1')).toBe(true);
    expect(summary(a.transitions)).toEqual(['s1:on']);
    expect(summary(b.transitions)).toEqual(['s1:on']);
    a.close('s1');
    expect(b.presence.isOnline('s1')).toBe(false);
    expect(summary(b.transitions)).toEqual(['s1:on', 's1:off']);
  });

  it('reports no transition when a station moves and the old instance notices late', () => {
    const net = new MemoryNetwork();
    const a = instance(net, 'a');
    const b = instance(net, 'b');
    const c = instance(net, 'c');
    a.connect('s1');
    b.connect('s1');
    a.close('s1');
    for (const x of [a, b, c]) {
      expect(x.presence.isOnline('s1')).toBe(true);
      expect(summary(x.transitions)).toEqual(['s1:on']);
    }
  });

  it('expires the stations of an instance that stopped announcing, at their last contact', () => {
    const net = new MemoryNetwork();
    const a = instance(net, 'a');
    const b = instance(net, 'b');
    a.connect('s1');
    vi.advanceTimersByTime(2 * ANNOUNCE_MS);
    const lastContactAt = T0 + 500;
    const conn = a.agents.conns.get('s1');
    if (conn) conn.lastFrameAt = lastContactAt;
    vi.advanceTimersByTime(ANNOUNCE_MS);
    a.bus.isUp = false; // killed: no more announcements, no goodbye
    vi.advanceTimersByTime(3 * ANNOUNCE_MS);
    expect(b.presence.isOnline('s1')).toBe(true);
    vi.advanceTimersByTime(2 * ANNOUNCE_MS);
    expect(b.presence.isOnline('s1')).toBe(false);
    expect(b.transitions.at(-1)).toEqual({
      stationId: 's1',
      wardId: 'w1',
      online: false,
      lastContactAt,
    });
  });

  it('tells an instance that starts later about every station at once', () => {
    const net = new MemoryNetwork();
    const a = instance(net, 'a');
    a.connect('s1');
    a.connect('s2');
    const late = instance(net, 'late');
    expect(late.presence.isOnline('s1')).toBe(true);
    expect(late.presence.isOnline('s2')).toBe(true);
    expect(summary(late.transitions)).toEqual(['s1:on', 's2:on']);
  });

  it('closes a station’s connection on whichever instance holds it', () => {
    const net = new MemoryNetwork();
    const a = instance(net, 'a');
    const b = instance(net, 'b');
    a.connect('s1');
    expect(b.presence.disconnect('s1', 'credential revoked')).toBe(1);
    expect(a.agents.closed).toEqual(['s1']);
    expect(b.presence.disconnect('nobody', 'credential revoked')).toBe(0);
  });
});
