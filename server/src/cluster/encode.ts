import type { ClusterEvent, ClusterMessage } from './messages.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep a margin. */
export const MAX_NOTIFY_BYTES = 7900;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Split `items` greedily so each `wrap(part)` serializes to at most `maxBytes`. */
function chunk<T>(
  items: readonly T[],
  wrap: (part: T[]) => ClusterMessage,
  maxBytes: number,
): { payloads: string[]; dropped: number } {
  const payloads: string[] = [];
  let dropped = 0;
  const base = byteLength(JSON.stringify(wrap([])));
  let part: T[] = [];
  let size = base;
  for (const item of items) {
    // +1: the comma between array elements.
    const itemBytes = byteLength(JSON.stringify(item)) + 1;
    if (base + itemBytes > maxBytes) {
      dropped++;
      continue;
    }
    if (size + itemBytes > maxBytes) {
      payloads.push(JSON.stringify(wrap(part)));
      part = [];
      size = base;
    }
    part.push(item);
    size += itemBytes;
  }
  if (part.length > 0) payloads.push(JSON.stringify(wrap(part)));
  return { payloads, dropped };
}

/**
 * The NOTIFY payloads for one event: list events (station rows, presence) are split across
 * as many messages as needed; an item too big for any message on its own is dropped and
 * counted (none of ours comes close: hostnames and ids are capped by the protocol).
 */
export function encodeEvent(
  from: string,
  event: ClusterEvent,
  maxBytes = MAX_NOTIFY_BYTES,
): { payloads: string[]; dropped: number } {
  const message = (e: ClusterEvent): ClusterMessage => ({ v: 1, from, event: e });
  switch (event.type) {
    case 'stations':
      return chunk(event.rows, (rows) => message({ type: 'stations', rows }), maxBytes);
    case 'presence':
      return chunk(event.stations, (stations) => message({ type: 'presence', stations }), maxBytes);
    case 'incident':
    case 'presence_query':
    case 'targets':
    case 'disconnect':
    case 'detector_settings':
    case 'agent_config': {
      const text = JSON.stringify(message(event));
      return byteLength(text) <= maxBytes
        ? { payloads: [text], dropped: 0 }
        : { payloads: [], dropped: 1 };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown cluster event ${JSON.stringify(never)}`);
    }
  }
}
