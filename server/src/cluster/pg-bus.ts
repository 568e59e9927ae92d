import pg from 'pg';
import { nextBackoffMs, type BackoffPolicy } from '@wardwatch/shared';
import type { Logger } from '../services/context.js';
import type { ClusterBus, ClusterHandler } from './bus.js';
import { encodeEvent } from './encode.js';
import { clusterMessageValidator, type ClusterEvent } from './messages.js';
import type { PgTarget } from '../store/postgres/pg-db.js';
import { channelName } from './pg-names.js';

export interface PgBusOptions {
  target: PgTarget;
  instanceId: string;
  log: Logger;
  /** Delay before re-LISTENing after the listen connection was lost. */
  reconnect?: BackoffPolicy;
}

const DEFAULT_RECONNECT: BackoffPolicy = { baseMs: 250, capMs: 5_000 };
// Every queued payload goes out in ONE statement (one round trip, one transaction: in order).
const NOTIFY_SQL =
  'SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n';

/**
 * The cluster bus over PostgreSQL LISTEN/NOTIFY: one dedicated listen connection (re-opened
 * with backoff when lost; what was published meanwhile is missed, and live state heals by
 * re-announcement) and one publish connection from a tiny pool.
 */
export class PgBus implements ClusterBus {
  readonly instanceId: string;
  readonly isShared = true;
  private readonly opts: PgBusOptions;
  private readonly channel: string;
  private readonly handlers = new Set<ClusterHandler>();
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private queue: string[] = [];
  private flushing: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  /** Counters for tests and metrics. */
  stats = { published: 0, received: 0, rejected: 0, dropped: 0, reconnects: 0 };

  constructor(opts: PgBusOptions) {
    this.opts = opts;
    this.instanceId = opts.instanceId;
    this.channel = channelName(opts.target.schema);
    this.pool = new pg.Pool({
      connectionString: opts.target.connectionString,
      max: 1,
      keepAlive: true,
      application_name: `wardwatch-publish:${opts.instanceId}`,
    });
    // An idle pooled connection that dies is replaced on next use; only log it.
    this.pool.on('error', (err) => opts.log.warn({ err }, 'cluster publish connection lost'));
  }

  /** Resolves once listening (rejects when the database cannot be reached at all). */
  async start(): Promise<void> {
    await this.listen();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.flush();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.pool.end();
  }

  subscribe(handler: ClusterHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  publish(event: ClusterEvent): void {
    if (this.stopped) return;
    const { payloads, dropped } = encodeEvent(this.instanceId, event);
    this.stats.dropped += dropped;
    if (dropped > 0) this.opts.log.warn({ type: event.type, dropped }, 'cluster item too big');
    if (payloads.length === 0) return;
    this.queue.push(...payloads);
    if (!this.flushing)
      this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
  }

  /** Send everything queued (one statement per call; a later publish starts a new one). */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const payloads = this.queue;
      this.queue = [];
      try {
        await this.pool.query(NOTIFY_SQL, [this.channel, payloads]);
        this.stats.published += payloads.length;
      } catch (err) {
        this.stats.dropped += payloads.length;
        this.opts.log.warn({ err, payloads: payloads.length }, 'cluster publish failed');
      }
    }
    this.flushing = null;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.target.connectionString,
      keepAlive: true,
      // Names the connection in pg_stat_activity (operators; the reconnect test).
      application_name: `wardwatch-listen:${this.instanceId}`,
    });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (!this.stopped) {
        this.opts.log.warn({ err }, 'cluster listen connection lost; reconnecting');
        this.scheduleReconnect();
      }
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.receive(n.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.listener = client;
    this.attempt = 0;
  }

  private scheduleReconnect(): void {
    const policy = this.opts.reconnect ?? DEFAULT_RECONNECT;
    const delay = nextBackoffMs(this.attempt++, Math.random(), policy);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().then(
        () => {
          this.stats.reconnects++;
        },
        (err: unknown) => {
          this.opts.log.warn({ err }, 'cluster listen reconnect failed');
          if (!this.stopped) this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private receive(payload: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(payload);
    } catch {
      msg = null;
    }
    if (!clusterMessageValidator.check(msg)) {
      this.stats.rejected++;
      this.opts.log.warn({ bytes: payload.length }, 'malformed cluster message ignored');
      return;
    }
    if (msg.from === this.instanceId) return;
    this.stats.received++;
    for (const handler of this.handlers) {
      try {
        handler(msg.event, msg.from);
      } catch (err) {
        this.opts.log.error({ err, type: msg.event.type }, 'cluster handler failed');
      }
    }
  }
}
