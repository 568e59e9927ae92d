import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollController } from './poll-controller.js';

/** A host that only collects its controllers and counts update requests. */
function fakeHost() {
  const controllers: ReactiveController[] = [];
  const host = {
    updates: 0,
    addController: (c: ReactiveController) => controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => void host.updates++,
    updateComplete: Promise.resolve(true),
  } satisfies ReactiveControllerHost & { updates: number };
  return { host, controllers };
}

describe('PollController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends its first request after the task that connected it, then every refreshMs', async () => {
    const { host } = fakeHost();
    const load = vi.fn(() => Promise.resolve(1));
    const poll = new PollController(host, load, 1000);
    poll.hostConnected();
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(poll.value).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('waits for startWhen, checked after each host update, and starts once', async () => {
    const { host } = fakeHost();
    const load = vi.fn(() => Promise.resolve('x'));
    let ready = false;
    const poll = new PollController(host, load, 1000, () => ready);
    poll.hostConnected();
    poll.hostUpdated();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).not.toHaveBeenCalled();
    ready = true;
    poll.hostUpdated();
    poll.hostUpdated();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    poll.hostUpdated();
    await vi.advanceTimersByTimeAsync(999);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a host disconnected before the first request sends none', async () => {
    const { host } = fakeHost();
    const load = vi.fn(() => Promise.resolve(1));
    const poll = new PollController(host, load, 1000);
    poll.hostConnected();
    poll.hostDisconnected();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).not.toHaveBeenCalled();
  });

  it('reloads faster than the answers still show answers: one in flight, one more after', async () => {
    const { host } = fakeHost();
    const pending: ((v: number) => void)[] = [];
    let sent = 0;
    const load = vi.fn(
      () =>
        new Promise<number>((resolve) => {
          const n = ++sent;
          pending.push(() => resolve(n));
        }),
    );
    const poll = new PollController(host, load, 60_000);
    poll.hostConnected();
    await vi.advanceTimersByTimeAsync(0);
    // A burst of live events while the first request is out: coalesced into one more.
    for (let i = 0; i < 10; i++) poll.reload();
    expect(load).toHaveBeenCalledTimes(1);
    pending.shift()?.(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(poll.value).toBe(1);
    expect(load).toHaveBeenCalledTimes(2);
    // Events keep coming faster than answers: every answer is still shown.
    for (let round = 2; round <= 5; round++) {
      poll.reload();
      pending.shift()?.(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(poll.value).toBe(round);
    }
  });

  it('drops an answer that arrives after a disconnect', async () => {
    const { host } = fakeHost();
    let resolve: (v: number) => void = () => undefined;
    const load = vi.fn(() => new Promise<number>((r) => (resolve = r)));
    const poll = new PollController(host, load, 60_000);
    poll.hostConnected();
    await vi.advanceTimersByTimeAsync(0);
    poll.hostDisconnected();
    resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(poll.value).toBeNull();
    // Connected again: it fetches afresh rather than waiting on the dropped request.
    poll.hostConnected();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
