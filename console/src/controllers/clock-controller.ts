import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A coarse "now" that ticks while the host is connected, for relative times ("3 phút trước"). */
export class ClockController implements ReactiveController {
  nowMs = Date.now();
  private readonly host: ReactiveControllerHost;
  private readonly tickMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, tickMs = 5000) {
    this.host = host;
    this.tickMs = tickMs;
    host.addController(this);
  }

  hostConnected(): void {
    this.nowMs = Date.now();
    this.timer = setInterval(() => {
      this.nowMs = Date.now();
      this.host.requestUpdate();
    }, this.tickMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
