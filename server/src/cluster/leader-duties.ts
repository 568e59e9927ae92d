import type { Logger } from '../services/context.js';

/** A once-per-cluster job (detector, rollups, retention, notifications, the records feed). */
export interface Duty {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * The work only the leader does. Each time this instance becomes the leader a fresh set is
 * created and started in order (they resume from the store, as after a restart); when it
 * stops leading they are stopped in reverse order. Changes run one after another.
 */
export class LeaderDuties<T extends Record<string, Duty>> {
  private readonly create: () => T;
  private readonly log: Logger;
  private chain: Promise<void> = Promise.resolve();
  /** The running set while this instance leads, else null. */
  current: T | null = null;
  /** How many times this instance took the lead (tests, metrics). */
  terms = 0;

  constructor(opts: { create: () => T; log: Logger }) {
    this.create = opts.create;
    this.log = opts.log;
  }

  /** The lease's handler: start or stop the duties (rejects when they could not start). */
  lead(isLeader: boolean): Promise<void> {
    const next = this.chain.then(() => (isLeader ? this.startAll() : this.stopAll()));
    this.chain = next.catch(() => {});
    return next;
  }

  private async startAll(): Promise<void> {
    if (this.current) return;
    const duties = this.create();
    const started: Duty[] = [];
    try {
      for (const duty of Object.values(duties)) {
        await duty.start();
        started.push(duty);
      }
    } catch (err) {
      this.log.error({ err }, 'leader duties failed to start; stopping what started');
      for (const duty of started.reverse()) await this.stopSafely(duty);
      // The lease gives leadership up, so another instance (or a later try) can lead.
      throw err;
    }
    this.current = duties;
    this.terms++;
  }

  private async stopAll(): Promise<void> {
    const duties = this.current;
    if (!duties) return;
    this.current = null;
    for (const duty of Object.values(duties).reverse()) await this.stopSafely(duty);
  }

  private async stopSafely(duty: Duty): Promise<void> {
    try {
      await duty.stop();
    } catch (err) {
      this.log.error({ err }, 'a leader duty failed to stop');
    }
  }
}
