import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveSource } from '../live/live-source.js';

/** Re-renders its host whenever the shared live source changes. */
export class LiveController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly source: () => LiveSource | undefined;
  private unsubscribe: (() => void) | null = null;

  /** `source` is read at connect time: elements receive it as a property after construction. */
  constructor(host: ReactiveControllerHost, source: () => LiveSource | undefined) {
    this.host = host;
    this.source = source;
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.source()?.subscribe(() => this.host.requestUpdate()) ?? null;
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
