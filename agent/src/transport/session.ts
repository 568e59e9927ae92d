import type { SessionCause, SessionRecord } from '@wardwatch/shared';

/** How a server connection ended, as the socket reported it. */
export interface CloseInfo {
  /** We ended it (stop, or a dead heartbeat). */
  heartbeatTimeout: boolean;
  /** A close frame arrived from the server. */
  serverClosed: boolean;
  /** Low-level error code seen on the socket, e.g. ECONNRESET. */
  errorCode?: string;
}

export function closeCause(info: CloseInfo): SessionCause {
  if (info.heartbeatTimeout) return 'timeout';
  if (info.serverClosed) return 'server_close';
  if (info.errorCode === 'ETIMEDOUT') return 'timeout';
  if (info.errorCode === undefined || info.errorCode === 'ECONNRESET') return 'reset';
  return 'error';
}

export function serverSessionRecord(
  startedAt: number,
  endedAt: number,
  cause: SessionCause,
  reconnectedAt?: number,
): SessionRecord {
  const record: SessionRecord = {
    kind: 'session',
    at: endedAt,
    session: 'server',
    startedAt,
    endedAt,
    cause,
  };
  if (reconnectedAt !== undefined) record.reconnectMs = Math.max(0, reconnectedAt - endedAt);
  return record;
}
