import type { WebSocket } from 'ws';
import type { Presence } from '../services/context.js';

export interface AgentConnection {
  stationId: string;
  wardId: string;
  socket: WebSocket;
  /** Highest seq committed for this station, as last told to the agent. */
  ackedSeq: number;
  /** Cleared at every server ping, set by the pong; a socket still false at the next ping is dead. */
  isAlive: boolean;
}

/**
 * Connected, greeted agents (one connection per station: a newer one replaces the older).
 * Owns the server-side heartbeat.
 */
export class AgentHub implements Presence {
  private readonly byStation = new Map<string, AgentConnection>();
  private readonly pingIntervalMs: number;
  private readonly onPresenceChange: (stationId: string) => void;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: { pingIntervalMs: number; onPresenceChange: (stationId: string) => void }) {
    this.pingIntervalMs = opts.pingIntervalMs;
    this.onPresenceChange = opts.onPresenceChange;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.heartbeat(), this.pingIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Clear first: the sockets' close events then find nothing to report.
    const conns = [...this.byStation.values()];
    this.byStation.clear();
    for (const conn of conns) conn.socket.terminate();
  }

  get size(): number {
    return this.byStation.size;
  }

  isOnline(stationId: string): boolean {
    return this.byStation.has(stationId);
  }

  add(conn: AgentConnection): void {
    const previous = this.byStation.get(conn.stationId);
    if (previous === conn) return;
    this.byStation.set(conn.stationId, conn);
    conn.socket.on('pong', () => {
      conn.isAlive = true;
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
  }

  /** Connected agents of a ward (null: of every ward). */
  *connections(wardId: string | null): Iterable<AgentConnection> {
    for (const conn of this.byStation.values()) {
      if (wardId === null || conn.wardId === wardId) yield conn;
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
