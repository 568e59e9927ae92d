import { nextBackoffMs, type BackoffPolicy } from '@wardwatch/shared';
import type { Incident, StationView } from '@wardwatch/shared';
import {
  applyConsoleMessage,
  applyIncident,
  parseConsoleMessage,
  snapshotIncidents,
  type IncidentMap,
  type LiveMessage,
  type StationMap,
} from '../controllers/live-state.js';
import type { EarlySocket } from './early-socket.js';

/** `connecting` until the first socket opens or fails; then `open` or `lost`. */
export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveSourceOptions {
  /** Defaults to `/ws/console` on this page's origin. */
  url?: string;
  /** Called when a socket closes without ever opening (refused upgrade, e.g. session gone). */
  onRefused?: () => void;
  random?: () => number;
}

const BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000 };
/** A connection that stayed up this long resets the backoff (no hammering on flaps). */
const STABLE_MS = 10_000;

/**
 * The one `/ws/console` connection of a signed-in page: holds the live station map and the
 * incidents pushed since it opened, reconnects with full-jitter backoff, and announces every
 * change to its subscribers (LiveController). Pages share it, so switching views keeps it.
 */
export class LiveSource {
  stations: StationMap = new Map();
  /** Open incidents from the snapshot and every push since (pages merge them with lists). */
  openIncidents: IncidentMap = new Map();
  /** Whether the server sends incidents at all (its snapshot carried them). */
  hasIncidents = false;
  /** Bumps on every incident push and every snapshot (each connect): pages refetch lists then. */
  incidentRevision = 0;
  status: LiveStatus = 'connecting';
  hasSnapshot = false;
  /** Server clock minus this browser's clock at the last message. */
  serverOffsetMs = 0;

  private readonly options: LiveSourceOptions;
  private readonly changes = new EventTarget();
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private openedAt: number | null = null;
  private active = false;
  /** Messages received since the last frame: applied together, one change per frame. */
  private inbox: LiveMessage[] = [];
  private frameRequested = false;

  constructor(options: LiveSourceOptions = {}) {
    this.options = options;
  }

  /**
   * Connects; a start after a stop (another login) begins from an empty state. `early`: the
   * socket the page opened before the app loaded, for this same session; adopted while open.
   */
  start(early: EarlySocket | null = null): void {
    if (this.active) return;
    this.active = true;
    this.stations = new Map();
    this.openIncidents = new Map();
    this.inbox = [];
    this.hasSnapshot = false;
    this.hasIncidents = false;
    this.status = 'connecting';
    this.attempt = 0;
    if (early && !early.closed) this.adopt(early);
    else this.connect();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  subscribe(listener: () => void): () => void {
    this.changes.addEventListener('change', listener);
    return () => this.changes.removeEventListener('change', listener);
  }

  open(): Incident[] {
    return [...this.openIncidents.values()];
  }

  private emit(): void {
    this.changes.dispatchEvent(new Event('change'));
  }

  /**
   * Apply the queued messages at the next animation frame (or after 250 ms when frames are
   * throttled, e.g. a background tab): hundreds of station changes a second cost one copy
   * of the map and one render, not one each.
   */
  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      this.frameRequested = false;
      this.applyInbox();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    setTimeout(run, 250);
  }

  private applyInbox(): void {
    const inbox = this.inbox;
    this.inbox = [];
    if (inbox.length === 0) return;
    let stations: Map<string, StationView> | null = null;
    for (const msg of inbox) {
      switch (msg.type) {
        case 'incident':
          this.openIncidents = applyIncident(this.openIncidents, msg.change, msg.incident);
          this.hasIncidents = true;
          this.incidentRevision++;
          break;
        case 'snapshot': {
          this.stations = applyConsoleMessage(this.stations, msg);
          stations = null;
          const open = snapshotIncidents(msg);
          if (open) {
            this.openIncidents = open;
            this.hasIncidents = true;
          }
          this.hasSnapshot = true;
          // Whatever happened while disconnected is only in the server's lists. Bumped here,
          // not at `open`: a page refetching then would race the snapshot on the server, and
          // only now is it known whether the socket carries incidents at all.
          this.incidentRevision++;
          break;
        }
        case 'station':
          // One copy per frame (the map stays immutable for the pages), then set in place.
          stations ??= new Map(this.stations);
          stations.set(msg.station.id, msg.station);
          this.stations = stations;
          break;
        default: {
          const unreachable: never = msg;
          return unreachable;
        }
      }
      this.serverOffsetMs = msg.serverTime - Date.now();
    }
    this.emit();
  }

  private connect(): void {
    this.listen(new WebSocket(this.options.url ?? defaultUrl()));
  }

  /** Takes over the early socket, then replays what it got: as if listening all along. */
  private adopt(early: EarlySocket): void {
    const ws = early.socket;
    ws.onopen = ws.onmessage = ws.onclose = null;
    this.listen(ws);
    if (early.opened) this.onOpen(ws);
    for (const data of early.messages) this.onMessage(ws, data);
    // Already here before the app rendered anything: applied now, not at the next frame, so
    // the first render of the board has the stations (one render, not one without, then with).
    this.applyInbox();
  }

  private listen(ws: WebSocket): void {
    this.socket = ws;
    this.openedAt = null;
    ws.addEventListener('open', () => this.onOpen(ws));
    ws.addEventListener('message', (event: MessageEvent<unknown>) =>
      this.onMessage(ws, event.data),
    );
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.onClosed();
    });
  }

  private onOpen(ws: WebSocket): void {
    if (this.socket !== ws) return;
    this.openedAt = Date.now();
    this.status = 'open';
    this.emit();
  }

  private onMessage(ws: WebSocket, data: unknown): void {
    if (this.socket !== ws || typeof data !== 'string') return;
    const msg = parseConsoleMessage(data);
    if (!msg) return;
    this.inbox.push(msg);
    this.requestFrame();
  }

  private onClosed(): void {
    const openedAt = this.openedAt;
    if (openedAt === null) this.options.onRefused?.();
    this.attempt = openedAt !== null && Date.now() - openedAt >= STABLE_MS ? 0 : this.attempt + 1;
    this.status = 'lost';
    this.emit();
    if (!this.active) return;
    const delayMs = nextBackoffMs(this.attempt, (this.options.random ?? Math.random)(), BACKOFF);
    this.retryTimer = setTimeout(() => {
      if (this.active) this.connect();
    }, delayMs);
  }
}

function defaultUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/console`;
}
