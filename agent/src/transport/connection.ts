import { WebSocket, type ClientOptions, type RawData } from 'ws';
import type {
  AgentConfig,
  BackoffPolicy,
  Batch,
  Hello,
  ServerMessage,
  SessionRecord,
  Validator,
  Welcome,
} from '@wardwatch/shared';
import {
  DEFAULT_BACKOFF,
  MAX_FRAME_BYTES,
  decodeFrame,
  nextBackoffMs,
} from '@wardwatch/shared/agent';
import { explain } from '../explain.js';
import { silentLogger, type Logger } from '../log.js';
import type { Outbox } from '../outbox/outbox.js';
import { isServerMessage } from '../validators.gen.js';
import { closeCause, serverSessionRecord, type CloseInfo } from './session.js';
import { certificateProblem } from './tls-errors.js';

/** The generated check; TypeBox's explanation is logged separately, once it has loaded. */
const serverMessage: Validator<ServerMessage> = {
  check: isServerMessage,
  explain: () => 'does not match the server message schema',
};

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Last frame or pong received from the server (epoch ms). */
  lastContactAt: number | null;
  /** When the current connection was welcomed. */
  onlineSince: number | null;
  lastError: string | null;
  ackedSeq: number;
  inFlight: number;
  /** Connection attempts that failed or ended since start. */
  drops: number;
}

export interface AgentConnectionOptions {
  url: string;
  credential: string;
  /** Built fresh for each connection (sentAt, mono, lastSeq must be current). */
  hello: () => Hello;
  outbox: Outbox;
  onWelcome?: (config: AgentConfig, welcome: Welcome) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** Where a server-session drop record goes; default: its own outbox batch. */
  onSession?: (record: SessionRecord) => void;
  log?: Logger;
  heartbeatMs?: number;
  pongTimeoutMs?: number;
  /** Batches sent and not yet acked, at most. */
  windowSize?: number;
  handshakeTimeoutMs?: number;
  /** A connection must stay up this long before the backoff attempt counter resets. */
  minUptimeMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  now?: () => number;
  /** Extra ws options (e.g. `ca` to pin a CA). */
  wsOptions?: ClientOptions;
}

export interface AgentConnection {
  start(): void;
  stop(): Promise<void>;
  /** New batches were appended: send them if the window has room. */
  notify(): void;
  status(): ConnectionStatus;
  /** Resolves true once everything appended is acked, false after `timeoutMs`. */
  waitDrained(timeoutMs: number): Promise<boolean>;
}

const UNAUTHORIZED = /Unexpected server response: (401|403)/;

/**
 * The agent's link to the server: hello → welcome → pipelined batches from the outbox,
 * deleted only on ack; ping/pong heartbeat; reconnect with full-jitter backoff.
 * Works with any `Outbox` (disk in the agent, memory in the simulator).
 */
export function createAgentConnection(opts: AgentConnectionOptions): AgentConnection {
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const pongTimeoutMs = opts.pongTimeoutMs ?? 10_000;
  const windowSize = opts.windowSize ?? 16;
  const minUptimeMs = opts.minUptimeMs ?? 10_000;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const onSession =
    opts.onSession ??
    ((record: SessionRecord) => {
      opts.outbox.append([record]).then(
        () => pump(),
        (err: unknown) => log.error('outbox append failed', { err: String(err) }),
      );
    });

  const status: ConnectionStatus = {
    state: 'idle',
    lastContactAt: null,
    onlineSince: null,
    lastError: null,
    ackedSeq: opts.outbox.size().ackedSeq,
    inFlight: 0,
    drops: 0,
  };
  let ws: WebSocket | null = null;
  let generation = 0;
  let attempt = 0;
  let stopping = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let pongTimer: NodeJS.Timeout | null = null;
  let sentUpTo = 0;
  let inFlight: number[] = [];
  let pumping = false;
  let pumpAgain = false;
  // A drop of a welcomed connection, recorded once the next connection is welcomed.
  let pendingDrop: { startedAt: number; endedAt: number; cause: SessionRecord['cause'] } | null =
    null;

  const changed = () => {
    status.inFlight = inFlight.length;
    opts.onStatus?.({ ...status });
  };

  const clearTimers = () => {
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    if (pongTimer) clearTimeout(pongTimer);
    heartbeatTimer = pongTimer = null;
  };

  function connect(): void {
    reconnectTimer = null;
    if (stopping) return;
    const gen = ++generation;
    status.state = 'connecting';
    changed();
    const socket = new WebSocket(opts.url, {
      headers: { Authorization: `Bearer ${opts.credential}` },
      perMessageDeflate: true,
      handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
      maxPayload: MAX_FRAME_BYTES,
      ...opts.wsOptions,
    });
    ws = socket;
    const info: CloseInfo = { heartbeatTimeout: false, serverClosed: false };
    let openedAt: number | null = null;
    let welcomedAt: number | null = null;
    let unauthorized = false;

    socket.on('open', () => {
      openedAt = now();
      socket.send(JSON.stringify(opts.hello()));
      heartbeatTimer = setInterval(() => {
        if (pongTimer) return;
        socket.ping();
        pongTimer = setTimeout(() => {
          // No pong: the link is half-open (packets silently dropped). Give up on it.
          info.heartbeatTimeout = true;
          log.warn('server did not answer the heartbeat; reconnecting', { pongTimeoutMs });
          socket.terminate();
        }, pongTimeoutMs);
        pongTimer.unref();
      }, heartbeatMs);
      heartbeatTimer.unref();
    });

    socket.on('pong', () => {
      if (pongTimer) clearTimeout(pongTimer);
      pongTimer = null;
      status.lastContactAt = now();
    });

    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (gen !== generation) return;
      status.lastContactAt = now();
      const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      const decoded = decodeFrame(text, serverMessage);
      if (!decoded.ok) {
        if (decoded.code !== 'invalid_message') {
          log.warn('bad frame from server', { code: decoded.code, message: decoded.message });
        } else {
          void explain('serverMessage', JSON.parse(text)).then((message) =>
            log.warn('bad frame from server', { code: decoded.code, message }),
          );
        }
        return;
      }
      const msg = decoded.value;
      switch (msg.type) {
        case 'welcome': {
          if (welcomedAt === null) {
            welcomedAt = now();
            status.state = 'online';
            status.onlineSince = welcomedAt;
            status.lastError = null;
            sentUpTo = msg.ackedSeq;
            inFlight = [];
            if (pendingDrop) {
              const d = pendingDrop;
              pendingDrop = null;
              onSession(serverSessionRecord(d.startedAt, d.endedAt, d.cause, welcomedAt));
            }
            log.info('connected to server', { url: opts.url, ackedSeq: msg.ackedSeq });
          }
          opts.onWelcome?.(msg.config, msg);
          handleAck(msg.ackedSeq);
          break;
        }
        case 'ack':
          handleAck(msg.seq);
          break;
        case 'error':
          status.lastError = `${msg.code}: ${msg.message}`;
          log.error('server refused a frame', { code: msg.code, message: msg.message });
          changed();
          break;
        default: {
          const never: never = msg;
          return never;
        }
      }
    });

    socket.on('error', (err: Error & { code?: string }) => {
      info.errorCode = err.code;
      // While the server stays unreachable, log the same failure once, not every retry.
      const repeated = status.lastError === err.message;
      status.lastError = err.message;
      if (UNAUTHORIZED.test(err.message)) {
        unauthorized = true;
        if (!repeated)
          log.error('server refused the credential (revoked or unknown station?)', {
            message: err.message,
          });
      } else if (!stopping && !repeated) {
        const problem = certificateProblem(err.code);
        if (problem) {
          // Retrying will not help until someone fixes the certificate or the pinned CA.
          log.error(`server certificate rejected: ${problem}`, {
            message: err.message,
            code: err.code,
          });
        } else {
          log.warn('server connection error', { message: err.message, code: err.code });
        }
      }
    });

    socket.on('close', (code: number) => {
      if (gen !== generation) return;
      ws = null;
      clearTimers();
      inFlight = [];
      const endedAt = now();
      info.serverClosed = code !== 1006 && !info.heartbeatTimeout;
      if (welcomedAt !== null && !stopping && !pendingDrop) {
        pendingDrop = { startedAt: welcomedAt, endedAt, cause: closeCause(info) };
      }
      if (welcomedAt !== null && openedAt !== null && endedAt - openedAt >= minUptimeMs) {
        attempt = 0;
      }
      status.onlineSince = null;
      if (stopping) {
        status.state = 'stopped';
        changed();
        return;
      }
      status.state = 'offline';
      status.drops += 1;
      changed();
      // Refused credentials stay refused until an admin acts: retry slowly, at the cap.
      const delayMs = nextBackoffMs(unauthorized ? 64 : attempt, random(), backoff);
      attempt += 1;
      reconnectTimer = setTimeout(connect, delayMs);
      reconnectTimer.unref();
    });
  }

  function handleAck(seq: number): void {
    if (seq > status.ackedSeq) status.ackedSeq = seq;
    inFlight = inFlight.filter((s) => s > seq);
    if (seq > 0) {
      opts.outbox.ack(seq).then(
        () => pump(),
        (err: unknown) => log.error('outbox ack failed', { err: String(err) }),
      );
    } else {
      pump();
    }
    changed();
  }

  function pump(): void {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    pumpOnce()
      .catch((err: unknown) => log.error('sending from the outbox failed', { err: String(err) }))
      .finally(() => {
        pumping = false;
        if (pumpAgain) {
          pumpAgain = false;
          pump();
        }
      });
  }

  async function pumpOnce(): Promise<void> {
    for (;;) {
      const socket = ws;
      const gen = generation;
      if (!socket || status.state !== 'online' || socket.readyState !== WebSocket.OPEN) return;
      const room = windowSize - inFlight.length;
      if (room <= 0) return;
      const batches = await opts.outbox.peek(Math.max(sentUpTo, status.ackedSeq), room);
      if (batches.length === 0 || gen !== generation || socket.readyState !== WebSocket.OPEN) {
        return;
      }
      for (const b of batches) {
        const frame: Batch = { v: 1, type: 'batch', seq: b.seq, sentAt: now(), records: b.records };
        socket.send(JSON.stringify(frame));
        sentUpTo = b.seq;
        inFlight.push(b.seq);
      }
      changed();
    }
  }

  return {
    start() {
      if (ws || reconnectTimer || stopping) return;
      connect();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      clearTimers();
      const socket = ws;
      if (socket) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            socket.terminate();
            resolve();
          }, 1000);
          t.unref();
          socket.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          socket.close(1000, 'agent stopping');
        });
      }
      ws = null;
      status.state = 'stopped';
      if (pendingDrop) {
        // Never reconnected: keep the drop without a reconnect time rather than lose it.
        const d = pendingDrop;
        pendingDrop = null;
        onSession(serverSessionRecord(d.startedAt, d.endedAt, d.cause));
      }
      changed();
    },
    notify: () => pump(),
    status: () => ({ ...status, inFlight: inFlight.length }),
    async waitDrained(timeoutMs: number) {
      const deadline = now() + timeoutMs;
      for (;;) {
        const size = opts.outbox.size();
        if (size.ackedSeq >= size.lastSeq) return true;
        if (now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
