import type { StationRow } from '../store/store.js';
import type { ClusterBus } from './bus.js';

/**
 * Station rows changed by this instance's agents, coalesced per station and published at
 * most once per `flushMs` (like the console hub), so other instances' consoles see them.
 */
export class StationFanout {
  private readonly bus: ClusterBus;
  private readonly flushMs: number;
  private readonly pending = new Map<string, StationRow>();
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: { bus: ClusterBus; flushMs: number }) {
    this.bus = opts.bus;
    this.flushMs = opts.flushMs;
  }

  stationChanged(row: StationRow): void {
    if (!this.bus.isShared) return;
    this.pending.set(row.id, row);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.bus.publish({ type: 'stations', rows });
  }

  stop(): void {
    this.flush();
  }
}
