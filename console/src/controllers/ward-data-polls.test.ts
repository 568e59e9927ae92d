import type { Ward } from '@wardwatch/shared';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient } from '../api/client.js';
import type { LiveSource } from '../live/live-source.js';
import { EquipmentPoll, type WardDataHost } from './ward-data-polls.js';

type FakeHost = WardDataHost & { wards: Ward[] | null; live: { hasSnapshot: boolean } };

/** A host whose api has the equipment route (`route: true`) or only raw records. */
function fakeHost(route: boolean): { host: FakeHost; calls: string[] } {
  const calls: string[] = [];
  const api = {
    get: (path: string) => {
      calls.push(path);
      return route
        ? Promise.resolve({ items: [] })
        : Promise.reject(new ApiError(404, 'not_found', 'no route'));
    },
    records: () => {
      calls.push('records');
      return Promise.resolve([]);
    },
  } as unknown as ApiClient;
  const host: FakeHost = {
    api,
    wards: null,
    live: { hasSnapshot: false, stations: new Map() } as unknown as LiveSource,
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  return { host, calls };
}

/** Let the fake api's promises settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('EquipmentPoll.reloadWhenReady', () => {
  it('with only raw records: loads again once more inputs are known, never again after', async () => {
    const { host } = fakeHost(false);
    const poll = new EquipmentPoll(host, 60_000);
    const reload = vi.spyOn(poll, 'reload');
    poll.reload();
    // Inputs arriving before the first answer wait for it (no superseded requests).
    host.wards = [];
    host.live.hasSnapshot = true;
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(1);
    await settle();
    expect(poll.value?.source).toBe('records');
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(2);
    await settle();
    poll.reloadWhenReady();
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('reloads as each input arrives after an answer built without it', async () => {
    const { host } = fakeHost(false);
    const poll = new EquipmentPoll(host, 60_000);
    const reload = vi.spyOn(poll, 'reload');
    poll.reload();
    await settle();
    host.wards = [];
    poll.reloadWhenReady();
    await settle();
    host.live.hasSnapshot = true;
    poll.reloadWhenReady();
    poll.reloadWhenReady();
    expect(reload).toHaveBeenCalledTimes(3);
  });

  it('with the equipment route: one request, whatever arrives after', async () => {
    const { host, calls } = fakeHost(true);
    const poll = new EquipmentPoll(host, 60_000);
    poll.reload();
    poll.reloadWhenReady();
    await settle();
    host.wards = [];
    host.live.hasSnapshot = true;
    poll.reloadWhenReady();
    await settle();
    expect(poll.value?.source).toBe('api');
    expect(calls).toEqual(['/equipment']);
  });
});
