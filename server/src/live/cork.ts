import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** The TCP socket under a ws WebSocket (ws keeps it in `_socket`; absent once torn down). */
function rawSocket(ws: WebSocket): Duplex | null {
  const raw = (ws as unknown as { _socket?: unknown })._socket;
  return raw && typeof (raw as Duplex).cork === 'function' ? (raw as Duplex) : null;
}

/**
 * Run `send` with the socket corked, so every frame it sends leaves in one write (one
 * `writev`) instead of one syscall per frame.
 */
export function corked(ws: WebSocket, send: () => void): void {
  const raw = rawSocket(ws);
  raw?.cork();
  try {
    send();
  } finally {
    raw?.uncork();
  }
}

const corkedForTick = new WeakSet<WebSocket>();

/**
 * Cork the socket until the current synchronous run ends (next tick): the frames sent to it
 * meanwhile — e.g. all the acks of one commit tick — leave in one write.
 */
export function corkForTick(ws: WebSocket): void {
  if (corkedForTick.has(ws)) return;
  const raw = rawSocket(ws);
  if (!raw) return;
  corkedForTick.add(ws);
  raw.cork();
  process.nextTick(() => {
    corkedForTick.delete(ws);
    raw.uncork();
  });
}
