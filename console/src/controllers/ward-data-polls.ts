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

/** The open incidents, polled every `refreshMs`. */
export function pollOpenIncidents(
  host: WardDataHost,
  refreshMs: number,
): PollController<Incident[] | null> {
  return new PollController(host, () => loadIncidents(host.api, { open: true }), refreshMs);
}

/** The equipment matrix of every ward, polled every `refreshMs`. */
export class EquipmentPoll extends PollController<EquipmentResult> {
  private readonly source: WardDataHost;
  private loadedWith = 0;

  constructor(host: WardDataHost, refreshMs: number) {
    super(
      host,
      () => loadEquipment(host.api, host.wards ?? [], [...host.live.stations.values()], Date.now()),
      refreshMs,
    );
    this.source = host;
  }

  /**
   * Call from the host's `updated()`: the matrix needs ward names and stations, so it loads
   * again each time one more of them is known.
   */
  reloadWhenReady(): void {
    const readiness = (this.source.wards ? 1 : 0) + (this.source.live.hasSnapshot ? 1 : 0);
    if (readiness > this.loadedWith) {
      this.loadedWith = readiness;
      this.reload();
    }
  }
}
