import type { PresenceEntry } from './messages.js';

export interface RemoteStation {
  instanceId: string;
  stationId: string;
  wardId: string;
  lastContactAt: number;
  /** When the owning instance last announced it (this instance's clock). */
  announcedAt: number;
}

/**
 * Stations connected to OTHER instances, as they announced them. No I/O and no clock:
 * `now` comes in. A station may briefly be listed by two instances (it moved; the old one
 * has not said so yet): it is online while any entry is.
 */
export class RemotePresence {
  private readonly entries = new Map<string, RemoteStation>();
  private readonly perStation = new Map<string, number>();

  isOnline(stationId: string): boolean {
    return (this.perStation.get(stationId) ?? 0) > 0;
  }

  onlineIds(): IterableIterator<string> {
    return this.perStation.keys();
  }

  /** Record one announcement from `instanceId`. */
  apply(instanceId: string, e: PresenceEntry, now: number): void {
    const key = `${instanceId}\u0000${e.stationId}`;
    const had = this.entries.has(key);
    if (!e.online) {
      if (had) this.remove(key, e.stationId);
      return;
    }
    this.entries.set(key, {
      instanceId,
      stationId: e.stationId,
      wardId: e.wardId,
      lastContactAt: e.lastContactAt,
      announcedAt: now,
    });
    if (!had) this.perStation.set(e.stationId, (this.perStation.get(e.stationId) ?? 0) + 1);
  }

  /**
   * Drop entries not re-announced within `ttlMs` (their instance died or lost its bus);
   * returns them, so the caller can treat each as a disconnect at its last contact.
   */
  expire(now: number, ttlMs: number): RemoteStation[] {
    const gone: RemoteStation[] = [];
    for (const [key, entry] of this.entries) {
      if (now - entry.announcedAt <= ttlMs) continue;
      this.remove(key, entry.stationId);
      gone.push(entry);
    }
    return gone;
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, stationId: string): void {
    this.entries.delete(key);
    const n = (this.perStation.get(stationId) ?? 1) - 1;
    if (n > 0) this.perStation.set(stationId, n);
    else this.perStation.delete(stationId);
  }
}
