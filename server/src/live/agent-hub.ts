import type { WebSocket } from 'ws';
import type { Presence } from '../services/context.js';

export interface AgentConnection {
  stationId: string;
  wardId: string;
  socket: WebSocket;
  /** From the hello: which config fields this agent accepts (`agentTakesEquipment`). */
  agentVersion: string;
  /** Highest seq committed for this station, as last told to the agent. */
  ackedSeq: number;
  /** Cleared at every server ping, set by the pong; a socket still false at the next ping is dead. */
  isAlive: boolean;
  /** Server time of the last frame, ping or pong received from the agent. */
  lastFrameAt: number;
}

export interface AgentHubOptions {
  /** Every connection is pinged this often (and terminated when the previous ping got no pong). */
  pingIntervalMs: number;
  onPresenceChange: (stationId: string) => void;
  /**
   * Fast dead-link detection (DESIGN §6: a cut on the console within 15 s): a connection
   * silent for `silentPingMs` is pinged, one silent for `deadAfterMs` is terminated.
   * Checked every `sweepMs`. Absent: only the `pingIntervalMs` heartbeat.
   */
  liveness?: { sweepMs: number; silentPingMs: number; deadAfterMs: number };
  /** A greeted connection went away (closed or terminated); `lastFrameAt` is its last contact. */
  onDisconnect?: (conn: AgentConnection) => void;
  now?: () => number;
}

/**
 * Connected, greeted agents (one connection per station: a newer one replaces the older).
 * Owns the server-side heartbeat.
 */
export class AgentHub implements Presence {
  private readonly byStation = new Map<string, AgentConnection>();
  private readonly pingIntervalMs: number;
  private readonly onPresenceChange: (stationId: string) => void;
  private readonly opts: AgentHubOptions;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(opts: AgentHubOptions) {
    this.opts = opts;
    this.pingIntervalMs = opts.pingIntervalMs;
    this.onPresenceChange = opts.onPresenceChange;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.heartbeat(), this.pingIntervalMs);
    this.timer.unref();
    const liveness = this.opts.liveness;
    if (liveness) {
      this.sweepTimer = setInterval(() => this.sweep(), liveness.sweepMs);
      this.sweepTimer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.timer = null;
    this.sweepTimer = null;
    // Clear first: the sockets' close events then find nothing to report.
    const conns = [...this.byStation.values()];
    this.byStation.clear();
    for (const conn of conns) conn.socket.terminate();
  }

  get size(): number {
    return this.byStation.size;
  }

  get(stationId: string): AgentConnection | undefined {
    return this.byStation.get(stationId);
  }

  isOnline(stationId: string): boolean {
    return this.byStation.has(stationId);
  }

  disconnect(stationId: string, reason: string): number {
    const conn = this.byStation.get(stationId);
    if (!conn) return 0;
    // 4401: the agent treats it like a refused credential (retry at the backoff cap).
    conn.socket.close(4401, reason);
    return 1;
  }

  add(conn: AgentConnection): void {
    const previous = this.byStation.get(conn.stationId);
    if (previous === conn) return;
    this.byStation.set(conn.stationId, conn);
    conn.socket.on('pong', () => {
      conn.isAlive = true;
      conn.lastFrameAt = this.now();
    });
    // The agent's own heartbeat (every 15 s) is contact too.
    conn.socket.on('ping', () => {
      conn.lastFrameAt = this.now();
    });
    if (previous) {
      previous.socket.close(4000, 'replaced by a newer connection');
    } else {
      this.onPresenceChange(conn.stationId);
    }
  }

  remove(conn: AgentConnection): void {
    if (this.byStation.get(conn.stationId) !== conn) return;
    this.byStation.delete(conn.stationId);
    this.onPresenceChange(conn.stationId);
    this.opts.onDisconnect?.(conn);
  }

  /** Connected agents of a ward (null: of every ward). */
  *connections(wardId: string | null): Iterable<AgentConnection> {
    for (const conn of this.byStation.values()) {
      if (wardId === null || conn.wardId === wardId) yield conn;
    }
  }

  /**
   * A half-open link (every packet dropped) gives no close: ping what has been silent a while
   * and terminate what stayed silent (the close then reports the disconnect).
   */
  private sweep(): void {
    const liveness = this.opts.liveness;
    if (!liveness) return;
    const now = this.now();
    for (const conn of this.byStation.values()) {
      const silentMs = now - conn.lastFrameAt;
      if (silentMs > liveness.deadAfterMs) conn.socket.terminate();
      else if (silentMs >= liveness.silentPingMs) conn.socket.ping();
    }
  }

  private heartbeat(): void {
    for (const conn of this.byStation.values()) {
      if (!conn.isAlive) {
        conn.socket.terminate();
        continue;
      }
      conn.isAlive = false;
      conn.socket.ping();
    }
  }
}
