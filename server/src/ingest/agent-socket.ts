import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import {
  MAX_FRAME_BYTES,
  decodeAgentMessage,
  type AgentMessage,
  type ProtocolErrorCode,
  type ServerMessage,
} from '@wardwatch/shared';
import type { AgentConnection, AgentHub } from '../live/agent-hub.js';
import type { ServiceContext } from '../services/context.js';
import { authenticateStation } from '../services/stations/authenticate-station.js';
import { greetStation } from '../services/stations/greet-station.js';
import { AgentConfigs } from '../services/targets/agent-config.js';
import { corkForTick } from '../live/cork.js';
import type { StationAuth } from '../store/store.js';
import type { BatchCommitter } from './batch-committer.js';
import { AGENT_FRAME_POLICY, fullBucket, takeToken } from './rate-limit.js';
import { ConnectionsPerIp, checkBatch, seqGap } from './guards.js';
import { TooManyRequests } from '../errors.js';
import { auditSeqGap } from '../services/records/seq-gap.js';

export interface IngestDeps {
  baseContext(): ServiceContext;
  agents: AgentHub;
  /** Batches are committed per tick; the ack goes out once the commit is done. */
  committer: BatchCommitter;
  /** A connection that sends no hello within this time is closed. */
  helloTimeoutMs: number;
  /** Open agent sockets allowed from one client address (default 64). */
  maxConnectionsPerIp?: number;
  metrics?: IngestMetrics;
}

/** What ingest reports to /metrics. */
export interface IngestMetrics {
  frameRejected(code: ProtocolErrorCode): void;
  batchCommitDuration(seconds: number): void;
}

// A peer that stopped reading: once this much is queued for it, it is dropped.
const SLOW_CLIENT_BYTES = 1024 * 1024;

const DECODE_CODES = new Set<ProtocolErrorCode>(['bad_json', 'invalid_message', 'frame_too_large']);
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;
const CLOSE_INTERNAL = 1011;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const send = (socket: WebSocket, msg: ServerMessage) => socket.send(JSON.stringify(msg));

/** `/ws/agent`: thin transport — authenticate the upgrade, decode each frame, call a service, reply. */
export const agentIngestRoutes: FastifyPluginAsync<IngestDeps> = async (app, deps) => {
  const stations = new WeakMap<FastifyRequest, StationAuth>();
  const perIp = new ConnectionsPerIp<WebSocket>(deps.maxConnectionsPerIp ?? 64);

  app.get(
    '/ws/agent',
    {
      websocket: true,
      // Runs before the upgrade: a thrown Unauthorized becomes a plain HTTP 401.
      preValidation: async (req) => {
        if (perIp.full(req.ip)) throw TooManyRequests(`more than ${perIp.max} connections`);
        const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        const station = await authenticateStation({
          ctx: deps.baseContext(),
          input: { credential: match?.[1] ?? '' },
        });
        stations.set(req, station);
      },
    },
    (socket, req) => {
      const station = stations.get(req);
      if (!station) {
        socket.close(CLOSE_POLICY, 'unauthorized');
        return;
      }
      // req.ip: the client a trusted proxy forwarded, else the peer (config `trustProxy`).
      const ip = req.ip;
      perIp.add(ip, socket);
      socket.once('close', () => perIp.remove(ip, socket));
      serveAgent(socket, station, deps, req.log);
    },
  );
};

function serveAgent(
  socket: WebSocket,
  station: StationAuth,
  deps: IngestDeps,
  log: FastifyRequest['log'],
): void {
  const conn: AgentConnection = {
    stationId: station.id,
    wardId: station.wardId,
    socket,
    agentVersion: '',
    ackedSeq: station.lastSeq,
    isAlive: true,
    lastFrameAt: deps.baseContext().clock.now(),
  };
  let offsetMs: number | null = null;
  // Highest seq submitted on this connection (acks lag behind while batches pipeline).
  let submittedSeq: number | null = null;
  let closing = false;
  let closed = false;
  // Frames are handled one at a time, in arrival order, even when handling awaits the store
  // (a batch right behind its hello must find the hello done).
  let inbox: Promise<void> = Promise.resolve();
  let budget = fullBucket(AGENT_FRAME_POLICY, deps.baseContext().clock.now());

  const fail = (code: ProtocolErrorCode, message: string, closeCode = CLOSE_POLICY) => {
    if (closing) return;
    closing = true;
    deps.metrics?.frameRejected(code);
    send(socket, { v: 1, type: 'error', code, message: message.slice(0, 1024) });
    socket.close(closeCode, code);
  };

  const helloTimer = setTimeout(
    () => fail('hello_required', 'no hello received in time'),
    deps.helloTimeoutMs,
  );
  helloTimer.unref();

  const handle = async (msg: AgentMessage): Promise<void> => {
    if (closing || closed) return;
    const ctx = deps.baseContext();
    switch (msg.type) {
      case 'hello': {
        if (msg.stationId !== station.id) {
          fail('station_mismatch', `this credential belongs to station ${station.id}`);
          return;
        }
        // The agent's clock error, estimated once per connection (transit time is ignored).
        offsetMs = ctx.clock.now() - msg.sentAt;
        const welcome = await greetStation({
          ctx,
          input: { stationId: station.id, wardId: station.wardId, hello: msg },
        });
        // Gone while the hello was stored: it must not join the hub after its close.
        if (closing || closed) return;
        clearTimeout(helloTimer);
        conn.ackedSeq = welcome.ackedSeq;
        conn.agentVersion = msg.agentVersion;
        deps.agents.add(conn);
        send(socket, welcome);
        return;
      }
      case 'batch': {
        if (offsetMs === null) {
          fail('hello_required', 'send hello first');
          return;
        }
        const refused = checkBatch(msg, offsetMs, ctx.clock.now());
        if (refused) {
          fail('invalid_message', refused);
          return;
        }
        const base = submittedSeq ?? conn.ackedSeq;
        const gap = seqGap(msg, base);
        if (gap) await auditSeqGap(ctx, station.id, gap);
        submittedSeq = Math.max(base, msg.seq);
        const seq = msg.seq;
        const receivedAt = performance.now();
        deps.committer.submit({ stationId: station.id, offsetMs, batch: msg }, (err) => {
          if (err) {
            log.error({ err, stationId: station.id }, 'agent batch failed');
            fail('internal', 'internal error', CLOSE_INTERNAL);
            return;
          }
          deps.metrics?.batchCommitDuration((performance.now() - receivedAt) / 1000);
          conn.ackedSeq = Math.max(conn.ackedSeq, seq);
          corkForTick(socket);
          send(socket, { v: 1, type: 'ack', seq });
        });
        return;
      }
      default: {
        const unreachable: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  };

  socket.on('message', (data) => {
    if (closing) return;
    if (socket.bufferedAmount > SLOW_CLIENT_BYTES) {
      log.warn({ stationId: station.id }, 'agent stopped reading; dropping it');
      socket.terminate();
      return;
    }
    conn.lastFrameAt = deps.baseContext().clock.now();
    const taken = takeToken(budget, deps.baseContext().clock.now(), AGENT_FRAME_POLICY);
    budget = taken.bucket;
    if (!taken.allowed) {
      fail('rate_limited', `more than ${AGENT_FRAME_POLICY.ratePerSec} frames/s`);
      return;
    }
    const frame = toBuffer(data);
    if (frame.byteLength > MAX_FRAME_BYTES) {
      fail('frame_too_large', `frame exceeds ${MAX_FRAME_BYTES} bytes`, CLOSE_TOO_BIG);
      return;
    }
    const decoded = decodeAgentMessage(frame.toString('utf8'));
    if (!decoded.ok) {
      const code = DECODE_CODES.has(decoded.code as ProtocolErrorCode)
        ? (decoded.code as ProtocolErrorCode)
        : 'invalid_message';
      fail(code, decoded.message, code === 'frame_too_large' ? CLOSE_TOO_BIG : CLOSE_POLICY);
      return;
    }
    const msg = decoded.value;
    inbox = inbox
      .then(() => handle(msg))
      .catch((err: unknown) => {
        log.error({ err, stationId: station.id }, 'agent frame failed');
        fail('internal', 'internal error', CLOSE_INTERNAL);
      });
  });
  socket.on('close', () => {
    closed = true;
    clearTimeout(helloTimer);
    deps.agents.remove(conn);
  });
  socket.on('error', (err) => log.warn({ err, stationId: station.id }, 'agent socket error'));
}

/** After a config change: a fresh welcome to each affected connected agent (protocol §6). */
export async function pushConfig(
  agents: AgentHub,
  ctx: ServiceContext,
  wardId: string | null,
): Promise<void> {
  const configs = new AgentConfigs(ctx);
  const serverTime = ctx.clock.now();
  for (const conn of agents.connections(wardId)) {
    const config = await configs.forAgent(conn.wardId, conn.agentVersion);
    send(conn.socket, { v: 1, type: 'welcome', serverTime, ackedSeq: conn.ackedSeq, config });
  }
}
