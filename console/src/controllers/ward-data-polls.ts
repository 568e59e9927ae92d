import type { Ward } from '@wardwatch/shared';
import type { ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.js';
import { loadEquipment, loadIncidents, type EquipmentResult } from '../api/loaders.js';
import type { Incident } from '../api/types.js';
import type { LiveSource } from '../live/live-source.js';
import { PollController } from './poll-controller.js';

/** A page that shows live ward data: what the polls below read from. */
export interface WardDataHost extends ReactiveControllerHost {
  readonly api: ApiClient;
  readonly wards: Ward[] | null;
  readonly live: LiveSource;
}

/**
 * Whether the live connection has settled: its snapshot is in, or it failed. A page whose
 * first meaningful paint is the live state starts its other loads only then (`startWhen`).
 */
export const liveSettled = (live: LiveSource): boolean =>
  live.hasSnapshot || live.status === 'lost';

/** The open incidents, polled every `refreshMs` (once `startWhen` holds). */
export function pollOpenIncidents(
  host: WardDataHost,
  refreshMs: number,
  startWhen?: () => boolean,
): PollController<Incident[] | null> {
  return new PollController(
    host,
    () => loadIncidents(host.api, { open: true }),
    refreshMs,
    startWhen,
  );
}

/** How many of the fallback matrix's inputs are known: ward names, the station snapshot. */
const readiness = (host: WardDataHost): number =>
  (host.wards ? 1 : 0) + (host.live.hasSnapshot ? 1 : 0);

/** The equipment matrix of every ward, polled every `refreshMs`. */
export class EquipmentPoll extends PollController<EquipmentResult> {
  private readonly source: WardDataHost;
  /** `readiness` when the latest load started. */
  private loadedWith = 0;

  constructor(host: WardDataHost, refreshMs: number, startWhen?: () => boolean) {
    super(
      host,
      () => {
        this.loadedWith = readiness(host);
        return loadEquipment(
          host.api,
          host.wards ?? [],
          [...host.live.stations.values()],
          Date.now(),
        );
      },
      refreshMs,
      startWhen,
    );
    this.source = host;
  }

  /**
   * Call from the host's `updated()`: the fallback matrix (built from records) needs ward
   * names and stations, so it loads again once more of them are known than when it loaded.
   * The equipment route needs neither: its answer (~400 KB at 1,000 wards) is fetched once
   * per poll, not once per input that arrives during the page load.
   */
  reloadWhenReady(): void {
    if (readiness(this.source) <= this.loadedWith) return;
    // Still waiting for the first answer (or it failed and the poll retries): decide then.
    if (!this.loaded) return;
    if (this.value?.source === 'api') return;
    this.reload();
  }
}
