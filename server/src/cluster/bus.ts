import type { ClusterEvent } from './messages.js';

export type ClusterHandler = (event: ClusterEvent, from: string) => void;

/**
 * Live events between server instances. `publish` is fire-and-forget (live state heals by
 * re-announcement; durable data goes through the database); handlers receive only what
 * OTHER instances published.
 */
export interface ClusterBus {
  readonly instanceId: string;
  /** Whether other instances may exist (false: one process, nothing to announce). */
  readonly isShared: boolean;
  publish(event: ClusterEvent): void;
  subscribe(handler: ClusterHandler): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One instance (SQLite): there is nobody to tell, so publishing costs nothing. */
export class LocalBus implements ClusterBus {
  readonly instanceId: string;
  readonly isShared = false;
  constructor(instanceId = 'local') {
    this.instanceId = instanceId;
  }
  publish(): void {}
  subscribe(): () => void {
    return () => {};
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
