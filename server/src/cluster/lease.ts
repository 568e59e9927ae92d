import pg from 'pg';
import type { Logger } from '../services/context.js';
import { lockKey, type PgTarget } from '../store/postgres/pg-db.js';

const LOST_LEADER_PAUSE_ROUNDS = 3;

/** Told when this instance becomes the leader (true) and when it stops being one (false). */
export type LeadershipHandler = (isLeader: boolean) => Promise<void> | void;

/** Who runs the once-per-cluster work (detector, rollups, retention, notifications). */
export interface Lease {
  readonly isLeader: boolean;
  start(onChange: LeadershipHandler): Promise<void>;
  stop(): Promise<void>;
}

/** One instance: always the leader. */
export class SoleLease implements Lease {
  isLeader = false;
  private onChange: LeadershipHandler | null = null;
  async start(onChange: LeadershipHandler): Promise<void> {
    this.onChange = onChange;
    this.isLeader = true;
    await onChange(true);
  }
  async stop(): Promise<void> {
    if (!this.isLeader) return;
    this.isLeader = false;
    await this.onChange?.(false);
  }
}

export interface PgLeaseOptions {
  target: PgTarget;
  instanceId: string;
  log: Logger;
  /** A follower tries to take the lock this often; the leader checks its connection as often. */
  retryMs: number;
  /** Lock name within the schema (tests use their own). */
  name?: string;
}

/**
 * Leadership as a session-level advisory lock held on a dedicated connection: PostgreSQL
 * drops the lock when that connection ends (process killed, link cut), and the next
 * instance to try takes it. Losing the connection means losing leadership at once.
 */
export class PgLease implements Lease {
  isLeader = false;
  private readonly opts: PgLeaseOptions;
  private client: pg.Client | null = null;
  private onChange: LeadershipHandler = () => {};
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** A leader that lost its connection sits out a few rounds, so a healthy peer takes over. */
  private notBefore = 0;

  constructor(opts: PgLeaseOptions) {
    this.opts = opts;
  }

  /** Resolves after the first attempt (leader or not). */
  async start(onChange: LeadershipHandler): Promise<void> {
    this.onChange = onChange;
    await this.step();
    this.timer = setInterval(() => void this.step(), this.opts.retryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.setLeader(false);
    const client = this.client;
    this.client = null;
    // Ending the session releases the lock.
    await client?.end().catch(() => {});
  }

  private step(): Promise<void> {
    this.running ??= this.attempt().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.isLeader && Date.now() < this.notBefore) return;
      const client = this.client ?? (await this.connect());
      if (this.isLeader) {
        // A dead connection shows here (or as an 'error' event) even when nothing else uses it.
        await client.query('SELECT 1');
        return;
      }
      const res = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
        [lockKey(this.opts.name ?? 'leader', this.opts.target.schema)],
      );
      if (res.rows[0]?.ok === true && !this.stopped) await this.setLeader(true);
    } catch (err) {
      this.opts.log.warn({ err }, 'leader lease check failed');
      await this.drop();
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.opts.target.connectionString,
      keepAlive: true,
      application_name: `wardwatch-lease:${this.opts.instanceId}`,
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.opts.log.warn({ err }, 'leader lease connection lost');
      void this.drop();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    this.client = client;
    return client;
  }

  /** The connection is gone or unusable: so is the lock. */
  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
    if (this.isLeader) this.notBefore = Date.now() + LOST_LEADER_PAUSE_ROUNDS * this.opts.retryMs;
    await this.setLeader(false);
  }

  private async setLeader(isLeader: boolean): Promise<void> {
    if (this.isLeader === isLeader) return;
    this.isLeader = isLeader;
    this.opts.log.info({ isLeader }, isLeader ? 'leader lease taken' : 'leader lease lost');
    try {
      await this.onChange(isLeader);
    } catch (err) {
      this.opts.log.error({ err, isLeader }, 'leadership change failed');
      // A leader that cannot do the work lets go of the lock (and sits out a few rounds).
      if (isLeader) await this.drop();
    }
  }
}
