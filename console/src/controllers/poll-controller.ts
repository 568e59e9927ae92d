import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Fetches a value when the host connects and again every `refreshMs`; keeps the last good
 * value through a failed refresh. `reload()` fetches now (e.g. after an input changed).
 * With `startWhen`, the first fetch (and the polling) waits until it holds, checked on
 * connect and after each host update: e.g. until the live snapshot is in, so a large reply
 * does not hold up the server while it prepares that snapshot.
 * The first fetch goes out in a task of its own, after the render that connected the host:
 * a board frame that connects dozens of polls (its sparklines) paints before their requests.
 */
export class PollController<T> implements ReactiveController {
  value: T | null = null;
  /** Whether a load has succeeded (a loader may resolve to null, e.g. "route missing"). */
  loaded = false;
  error: unknown = null;
  private readonly host: ReactiveControllerHost;
  private readonly load: () => Promise<T>;
  private readonly refreshMs: number;
  private readonly startWhen: () => boolean;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Bumped on disconnect: answers to requests sent before it are dropped. */
  private epoch = 0;
  private inFlight = false;
  /** A reload asked for while one was in flight: sent once that one settles. */
  private queued = false;

  constructor(
    host: ReactiveControllerHost,
    load: () => Promise<T>,
    refreshMs: number,
    startWhen: () => boolean = () => true,
  ) {
    this.host = host;
    this.load = load;
    this.refreshMs = refreshMs;
    this.startWhen = startWhen;
    host.addController(this);
  }

  hostConnected(): void {
    this.startPolling();
  }

  hostUpdated(): void {
    this.startPolling();
  }

  private startPolling(): void {
    if (this.startTimer !== undefined || this.timer !== undefined || !this.startWhen()) return;
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      this.reload();
      this.timer = setInterval(() => this.reload(), this.refreshMs);
    }, 0);
  }

  hostDisconnected(): void {
    clearTimeout(this.startTimer);
    this.startTimer = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    this.epoch++;
    this.inFlight = false;
    this.queued = false;
  }

  /**
   * Fetch now; while a fetch is in flight, once more after it (however often this is called
   * meanwhile). Each answer is shown. Dropping an in-flight answer for each newer reload
   * instead starved a page whose reloads came faster than its answers: the incident page
   * reloads on every live incident event, and under load it never showed the note just saved.
   */
  reload(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    const epoch = this.epoch;
    const settle = (apply: () => void) => {
      if (epoch !== this.epoch) return;
      this.inFlight = false;
      apply();
      this.host.requestUpdate();
      if (this.queued) {
        this.queued = false;
        this.reload();
      }
    };
    this.load().then(
      (value) =>
        settle(() => {
          this.value = value;
          this.loaded = true;
          this.error = null;
        }),
      (err: unknown) => settle(() => (this.error = err)),
    );
  }
}
