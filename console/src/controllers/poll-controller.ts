import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Fetches a value when the host connects and again every `refreshMs`; keeps the last good
 * value through a failed refresh. `reload()` fetches now (e.g. after an input changed).
 */
export class PollController<T> implements ReactiveController {
  value: T | null = null;
  /** Whether a load has succeeded (a loader may resolve to null, e.g. "route missing"). */
  loaded = false;
  error: unknown = null;
  private readonly host: ReactiveControllerHost;
  private readonly load: () => Promise<T>;
  private readonly refreshMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private generation = 0;

  constructor(host: ReactiveControllerHost, load: () => Promise<T>, refreshMs: number) {
    this.host = host;
    this.load = load;
    this.refreshMs = refreshMs;
    host.addController(this);
  }

  hostConnected(): void {
    this.reload();
    this.timer = setInterval(() => this.reload(), this.refreshMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.generation++;
  }

  reload(): void {
    // A newer reload (or a disconnect) makes an older in-flight answer stale.
    const generation = ++this.generation;
    this.load().then(
      (value) => {
        if (generation !== this.generation) return;
        this.value = value;
        this.loaded = true;
        this.error = null;
        this.host.requestUpdate();
      },
      (err: unknown) => {
        if (generation !== this.generation) return;
        this.error = err;
        this.host.requestUpdate();
      },
    );
  }
}
