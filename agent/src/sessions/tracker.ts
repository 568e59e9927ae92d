import type { SessionCause, SessionRecord } from '@wardwatch/shared';

/** What the socket told us when a long-lived connection ended. */
export interface EndInfo {
  /** We ended it because a keep-warm request got no answer in time. */
  keepWarmTimeout?: boolean;
  /** The peer closed cleanly (FIN / close frame) without an error. */
  remoteClosed?: boolean;
  /** The local address the socket used is gone from the machine's interfaces. */
  localAddressGone?: boolean;
  /** Low-level error code, e.g. ECONNRESET, ETIMEDOUT, EPIPE. */
  errorCode?: string;
}

/** Cause of an unclean end, most specific first: a vanished interface explains the rest. */
export function classifyEnd(info: EndInfo): SessionCause {
  if (info.localAddressGone) return 'iface_down';
  if (info.keepWarmTimeout || info.errorCode === 'ETIMEDOUT') return 'timeout';
  if (info.errorCode === 'ECONNRESET' || info.errorCode === 'EPIPE') return 'reset';
  if (info.errorCode === 'ENETDOWN' || info.errorCode === 'ENETUNREACH') return 'iface_down';
  if (info.errorCode === undefined && info.remoteClosed) return 'server_close';
  if (info.errorCode === undefined) return 'reset';
  return 'error';
}

export interface TrackerState {
  /** When the current connection was established; null while down. */
  upSince: number | null;
  /** The last drop, waiting for the reconnect that completes it. */
  pending: { startedAt: number; endedAt: number; cause: SessionCause } | null;
}

export type TrackerInput =
  | { type: 'connected'; at: number }
  | { type: 'ended'; at: number; cause: SessionCause }
  /** Our own clean close (stop, config change): not a drop. */
  | { type: 'closed'; at: number }
  /** Periodic: a drop not re-established within `maxWaitMs` is recorded without reconnectMs. */
  | { type: 'tick'; at: number }
  | { type: 'stop'; at: number };

export const initialTracker = (): TrackerState => ({ upSince: null, pending: null });

/**
 * Session drop bookkeeping as a reducer: a drop becomes a `session` record once the
 * connection is back (with reconnectMs), or after `maxWaitMs` / at stop without it.
 */
export function stepTracker(
  state: TrackerState,
  input: TrackerInput,
  session: { kind: SessionRecord['session']; target?: string; maxWaitMs: number },
): { state: TrackerState; records: SessionRecord[] } {
  const record = (
    p: NonNullable<TrackerState['pending']>,
    reconnectedAt?: number,
  ): SessionRecord => ({
    kind: 'session',
    at: p.endedAt,
    session: session.kind,
    ...(session.target !== undefined && { target: session.target }),
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    cause: p.cause,
    ...(reconnectedAt !== undefined && { reconnectMs: Math.max(0, reconnectedAt - p.endedAt) }),
  });
  switch (input.type) {
    case 'connected': {
      const records = state.pending ? [record(state.pending, input.at)] : [];
      return { state: { upSince: input.at, pending: null }, records };
    }
    case 'ended': {
      if (state.upSince === null) return { state, records: [] };
      // A second drop before the first one reconnected cannot happen (no connection in
      // between); flush defensively so nothing is lost.
      const records = state.pending ? [record(state.pending)] : [];
      const pending = { startedAt: state.upSince, endedAt: input.at, cause: input.cause };
      return { state: { upSince: null, pending }, records };
    }
    case 'closed':
      return { state: { ...state, upSince: null }, records: [] };
    case 'tick': {
      if (state.pending && input.at - state.pending.endedAt >= session.maxWaitMs) {
        return { state: { ...state, pending: null }, records: [record(state.pending)] };
      }
      return { state, records: [] };
    }
    case 'stop': {
      const records = state.pending ? [record(state.pending)] : [];
      return { state: { upSince: null, pending: null }, records };
    }
    default: {
      const never: never = input;
      return never;
    }
  }
}
