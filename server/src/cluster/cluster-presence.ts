import type { Presence } from '../services/context.js';
import type { ClusterBus } from './bus.js';
import type { PresenceEntry } from './messages.js';
import { RemotePresence } from './presence-table.js';

/** What this instance knows of its own agent connections (the AgentHub). */
export interface LocalAgents {
  isOnline(stationId: string): boolean;
  disconnect(stationId: string, reason: string): number;
  connections(wardId: null): Iterable<{ stationId: string; wardId: string; lastFrameAt: number }>;
}

/** A station came online or went offline cluster-wide (not merely moved between instances). */
export interface PresenceTransition {
  stationId: string;
  wardId: string;
  online: boolean;
  /** For `online: false`: server time of the last contact on whichever instance had it. */
  lastContactAt: number;
}

export interface ClusterPresenceOptions {
  local: LocalAgents;
  bus: ClusterBus;
  now: () => number;
  /** Every instance re-announces its online stations this often; 3× without one expires them. */
  announceMs: number;
  onTransition(t: PresenceTransition): void;
}

const EXPIRE_AFTER_ANNOUNCES = 3;

/**
 * Presence across instances: a station is online when an agent connection for it is open
 * here or on another instance that announced it (and keeps re-announcing it). On one
 * instance (LocalBus) this is the AgentHub plus a function call.
 */
export class ClusterPresence implements Presence {
  private readonly opts: ClusterPresenceOptions;
  private readonly remote = new RemotePresence();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: ClusterPresenceOptions) {
    this.opts = opts;
  }

  start(): void {
    const { bus } = this.opts;
    if (!bus.isShared) return;
    this.unsubscribe = bus.subscribe((event, from) => {
      if (event.type === 'presence') this.receive(from, event.stations);
      else if (event.type === 'presence_query') this.announceAll();
      else if (event.type === 'disconnect')
        this.opts.local.disconnect(event.stationId, event.reason);
    });
    this.timer = setInterval(() => this.announceAndExpire(), this.opts.announceMs);
    this.timer.unref();
    // A new instance would otherwise show every other instance's stations offline for 5 s.
    bus.publish({ type: 'presence_query' });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  isOnline(stationId: string): boolean {
    return this.opts.local.isOnline(stationId) || this.remote.isOnline(stationId);
  }

  /** Every station online now, here or on another instance (for reports, by value). */
  onlineStationIds(): string[] {
    const ids = new Set(this.remote.onlineIds());
    for (const c of this.opts.local.connections(null)) ids.add(c.stationId);
    return [...ids];
  }

  /** Close the station's connection here, and ask every other instance to do the same. */
  disconnect(stationId: string, reason: string): number {
    const here = this.opts.local.disconnect(stationId, reason);
    if (!this.opts.bus.isShared) return here;
    const elsewhere = this.remote.isOnline(stationId) ? 1 : 0;
    this.opts.bus.publish({ type: 'disconnect', stationId, reason });
    return here + elsewhere;
  }

  /** An agent connection for the station opened here (not a replacement of one). */
  localConnected(conn: { stationId: string; wardId: string; lastFrameAt: number }): void {
    this.announce([{ ...entryOf(conn), online: true }]);
    if (!this.remote.isOnline(conn.stationId))
      this.opts.onTransition({ ...entryOf(conn), online: true });
  }

  /** The station's connection here closed (the hub already forgot it). */
  localDisconnected(conn: { stationId: string; wardId: string; lastFrameAt: number }): void {
    this.announce([{ ...entryOf(conn), online: false }]);
    if (!this.isOnline(conn.stationId)) this.opts.onTransition({ ...entryOf(conn), online: false });
  }

  private announce(stations: PresenceEntry[]): void {
    if (this.opts.bus.isShared) this.opts.bus.publish({ type: 'presence', stations });
  }

  private receive(from: string, stations: readonly PresenceEntry[]): void {
    const now = this.opts.now();
    for (const e of stations) {
      const before = this.isOnline(e.stationId);
      this.remote.apply(from, e, now);
      if (this.isOnline(e.stationId) !== before) this.opts.onTransition({ ...e });
    }
  }

  /** Re-announce what is connected here; forget what others stopped announcing. */
  private announceAll(): void {
    const stations: PresenceEntry[] = [];
    for (const conn of this.opts.local.connections(null))
      stations.push({ ...entryOf(conn), online: true });
    this.announce(stations);
  }

  private announceAndExpire(): void {
    this.announceAll();
    const ttlMs = EXPIRE_AFTER_ANNOUNCES * this.opts.announceMs;
    for (const gone of this.remote.expire(this.opts.now(), ttlMs)) {
      if (this.isOnline(gone.stationId)) continue;
      this.opts.onTransition({
        stationId: gone.stationId,
        wardId: gone.wardId,
        online: false,
        lastContactAt: gone.lastContactAt,
      });
    }
  }
}

const entryOf = (conn: { stationId: string; wardId: string; lastFrameAt: number }) => ({
  stationId: conn.stationId,
  wardId: conn.wardId,
  lastContactAt: conn.lastFrameAt,
});
