import type { WebSocket } from 'ws';
import type {
  ConsoleIncidentMessage,
  ConsoleMessage,
  Incident,
  IncidentChangeKind,
  StationView,
} from '@wardwatch/shared';
import type { StationRow } from '../store/store.js';
import { canSeeWard } from '../services/authz.js';
import type { Actor, Presence } from '../services/context.js';
import { toStationView } from '../services/stations/list-stations.js';
import { corked } from './cork.js';

const MAX_CONSOLE_BUFFER_BYTES = 8 * 1024 * 1024;

interface ConsoleClient {
  socket: WebSocket;
  actor: Actor;
}

/**
 * Fans station changes out to console sockets. Changes are collected by station id and
 * flushed at most once per `flushMs`, so a burst from thousands of agents costs each console
 * one message per changed station per flush — written to its socket corked, in one write.
 */
export class ConsoleHub {
  private readonly clients = new Set<ConsoleClient>();
  private readonly pending = new Map<string, StationRow>();
  private readonly flushMs: number;
  private readonly presence: Presence;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(opts: { flushMs: number; presence: Presence; now: () => number }) {
    this.flushMs = opts.flushMs;
    this.presence = opts.presence;
    this.now = opts.now;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const c of this.clients) c.socket.close(1001, 'server shutting down');
    this.clients.clear();
    this.pending.clear();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Register a console socket and send it the snapshot it may see. */
  add(
    socket: WebSocket,
    actor: Actor,
    stations: readonly StationView[],
    openIncidents?: readonly Incident[],
  ): void {
    const client = { socket, actor };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    const snapshot: ConsoleMessage = {
      v: 1,
      type: 'snapshot',
      serverTime: this.now(),
      stations: [...stations],
      ...(openIncidents && { openIncidents: [...openIncidents] }),
    };
    socket.send(JSON.stringify(snapshot));
  }

  /** Incidents are rare and urgent: pushed at once (not coalesced) to consoles that may see them. */
  incidentChanged(change: IncidentChangeKind, incident: Incident): void {
    if (this.stopped) return;
    const msg: ConsoleIncidentMessage = {
      v: 1,
      type: 'incident',
      serverTime: this.now(),
      change,
      incident,
    };
    const text = JSON.stringify(msg);
    for (const client of this.clients) {
      if (canSeeWard(client.actor, incident.wardId)) client.socket.send(text);
    }
  }

  stationChanged(row: StationRow): void {
    if (this.stopped) return;
    this.pending.set(row.id, row);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Send the pending changes now (the timer calls this; tests may too). */
  flush(): void {
    this.timer = null;
    if (this.pending.size === 0) return;
    const serverTime = this.now();
    const views = [...this.pending.values()].map((row) => toStationView(row, this.presence));
    this.pending.clear();
    const texts = views.map((station) => ({
      wardId: station.wardId,
      text: JSON.stringify({ v: 1, type: 'station', serverTime, station } satisfies ConsoleMessage),
    }));
    for (const client of this.clients) {
      // A console that cannot keep up is dropped (it reconnects and gets a fresh snapshot)
      // rather than buffering without bound.
      if (client.socket.bufferedAmount > MAX_CONSOLE_BUFFER_BYTES) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      // One write per console per flush, not one per station (the socket is corked meanwhile).
      corked(client.socket, () => {
        for (const { wardId, text } of texts) {
          if (canSeeWard(client.actor, wardId)) client.socket.send(text);
        }
      });
    }
  }
}
