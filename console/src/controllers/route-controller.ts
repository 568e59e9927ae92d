import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentPath, onNavigate } from '../router/navigation.js';
import { parseRoute, type Route } from '../router/routes.js';

/** The current route; the host re-renders on every navigation (links, back/forward). */
export class RouteController implements ReactiveController {
  route: Route = parseRoute(currentPath());
  private readonly host: ReactiveControllerHost;
  private unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.route = parseRoute(currentPath());
    this.unsubscribe = onNavigate(() => {
      this.route = parseRoute(currentPath());
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
