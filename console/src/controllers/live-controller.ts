import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextBackoffMs, type BackoffPolicy } from '@wardwatch/shared';
import { applyConsoleMessage, parseConsoleMessage, type StationMap } from './live-state.js';

/** `connecting` until the first socket opens or fails; then `open` or `lost`. */
export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveControllerOptions {
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
 * Holds the live station map from `/ws/console`: opens the socket when the host connects,
 * closes it when the host disconnects, reconnects with full-jitter backoff, and asks the
 * host to render after every change.
 */
export class LiveController implements ReactiveController {
  stations: StationMap = new Map();
  status: LiveStatus = 'connecting';
  /** Whether the map holds at least one snapshot (before that, "no stations" is unknown). */
  hasSnapshot = false;
  /** Server clock minus this browser's clock at the last message. */
  serverOffsetMs = 0;

  private readonly host: ReactiveControllerHost;
  private readonly options: LiveControllerOptions;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private openedAt: number | null = null;
  private active = false;

  constructor(host: ReactiveControllerHost, options: LiveControllerOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.active = true;
    this.connect();
  }

  hostDisconnected(): void {
    this.active = false;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
  }

  private connect(): void {
    const ws = new WebSocket(this.options.url ?? defaultUrl());
    this.socket = ws;
    this.openedAt = null;
    ws.addEventListener('open', () => {
      if (this.socket !== ws) return;
      this.openedAt = Date.now();
      this.status = 'open';
      this.host.requestUpdate();
    });
    ws.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (this.socket !== ws || typeof event.data !== 'string') return;
      const msg = parseConsoleMessage(event.data);
      if (!msg) return;
      this.stations = applyConsoleMessage(this.stations, msg);
      if (msg.type === 'snapshot') this.hasSnapshot = true;
      this.serverOffsetMs = msg.serverTime - Date.now();
      this.host.requestUpdate();
    });
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.onClosed();
    });
  }

  private onClosed(): void {
    const openedAt = this.openedAt;
    if (openedAt === null) this.options.onRefused?.();
    this.attempt = openedAt !== null && Date.now() - openedAt >= STABLE_MS ? 0 : this.attempt + 1;
    this.status = 'lost';
    this.host.requestUpdate();
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
