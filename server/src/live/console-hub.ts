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
  /** The session cookie it opened with, checked again every `recheckMs`. */
  sessionToken: string | null;
}

/** Close code for a console whose session ended (logout, user deleted, role or ward changed). */
export const SESSION_ENDED_CLOSE = 4401;

const sameActor = (a: Actor, b: Actor) =>
  a.username === b.username && a.role === b.role && a.wardId === b.wardId;

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
  private readonly sessionOf: ((token: string) => Promise<Actor | null>) | null;
  private readonly recheckTimer: NodeJS.Timeout | null;
  /** Passes run one after another; each request gets a pass that starts after it. */
  private rechecks: Promise<void> = Promise.resolve();

  /**
   * `sessionOf` resolves a session cookie to who it is now (null: ended). A socket keeps the
   * rights it opened with, so without it a deleted officer's open page kept receiving their
   * old ward's updates. Sessions live in the store: every `recheckMs` each instance closes the
   * sockets whose session ended anywhere in the cluster; `recheckSessions()` does it at once.
   */
  constructor(opts: {
    flushMs: number;
    presence: Presence;
    now: () => number;
    sessionOf?: (token: string) => Promise<Actor | null>;
    recheckMs?: number;
  }) {
    this.flushMs = opts.flushMs;
    this.presence = opts.presence;
    this.now = opts.now;
    this.sessionOf = opts.sessionOf ?? null;
    this.recheckTimer =
      this.sessionOf && opts.recheckMs
        ? setInterval(() => void this.recheckSessions(), opts.recheckMs)
        : null;
    this.recheckTimer?.unref();
  }

  /** Close the sockets whose session ended or now stands for someone else. */
  recheckSessions(): Promise<void> {
    const sessionOf = this.sessionOf;
    if (!sessionOf || this.stopped) return Promise.resolve();
    this.rechecks = this.rechecks.then(async () => {
      for (const client of [...this.clients]) {
        if (client.sessionToken === null) continue;
        // A store hiccup is not a logout: keep the socket and look again next time.
        const now = await sessionOf(client.sessionToken).catch(() => client.actor);
        if (now && sameActor(now, client.actor)) continue;
        this.clients.delete(client);
        client.socket.close(SESSION_ENDED_CLOSE, 'session ended');
      }
    });
    return this.rechecks;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.recheckTimer) clearInterval(this.recheckTimer);
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
    sessionToken: string | null = null,
  ): void {
    const client = { socket, actor, sessionToken };
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
