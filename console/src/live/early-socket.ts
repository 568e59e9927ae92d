/**
 * The `/ws/console` socket that `index.html` opens before the app's script has loaded, with
 * what it received so far. Its handlers are the `on…` properties, so an adopter can drop them.
 */
export interface EarlySocket {
  socket: WebSocket;
  opened: boolean;
  closed: boolean;
  messages: unknown[];
}

declare global {
  interface Window {
    __wwEarlySocket?: EarlySocket;
  }
}

/** Takes the early socket once (later calls get null); null when the page opened none. */
export function takeEarlySocket(): EarlySocket | null {
  if (typeof window === 'undefined') return null;
  const early = window.__wwEarlySocket ?? null;
  delete window.__wwEarlySocket;
  return early;
}

/** Closes an early socket nobody will adopt (the session check failed, or another login). */
export function discardEarlySocket(): void {
  const early = takeEarlySocket();
  if (!early) return;
  early.socket.onopen = early.socket.onmessage = early.socket.onclose = null;
  early.socket.close(1000);
}
