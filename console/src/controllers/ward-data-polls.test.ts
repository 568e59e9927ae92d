import type { Ward } from '@wardwatch/shared';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../api/client.js';
import type { LiveSource } from '../live/live-source.js';
import { EquipmentPoll, type WardDataHost } from './ward-data-polls.js';

function fakeHost(): WardDataHost & { wards: Ward[] | null; live: { hasSnapshot: boolean } } {
  return {
    api: {} as ApiClient,
    wards: null,
    live: { hasSnapshot: false, stations: new Map() } as unknown as LiveSource,
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
}

describe('EquipmentPoll.reloadWhenReady', () => {
  it('reloads once each time wards or the live snapshot become known, never again after', () => {
    const host = fakeHost();
    const poll = new EquipmentPoll(host, 60_000);
    const reload = vi.spyOn(poll, 'reload').mockImplementation(() => undefined);
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(0);
    host.wards = [];
    poll.reloadWhenReady();
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(1);
    host.live.hasSnapshot = true;
    poll.reloadWhenReady();
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
