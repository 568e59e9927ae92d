import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  decodeAgentMessage,
  type AgentRecord,
  type Batch,
  type Hello,
  type SessionRecord,
} from '@wardwatch/shared';
import { MemoryOutbox } from '../outbox/memory.js';
import { createAgentConnection, type AgentConnection } from './connection.js';

const hello = (lastSeq = 0): Hello => ({
  v: 1,
  type: 'hello',
  stationId: 'st_1',
  agentVersion: '0.1.0',
  hostname: 'pc',
  os: { platform: 'linux', release: '6', arch: 'x64' },
  sentAt: Date.now(),
  mono: 1,
  lastSeq,
});
const ev = (i: number): AgentRecord => ({
  kind: 'event',
  at: 1_764_000_000_000 + i,
  name: `e${i}`,
});

/** A minimal real server speaking the protocol: commits batches, acks, can misbehave. */
class TinyServer {
  wss!: WebSocketServer;
  committed = 0;
  stored: Batch[] = [];
  hellos: Hello[] = [];
  sockets = new Set<WebSocket>();
  maxInFlight = 0;
  /** When false, batches are received but never acked. */
  acking = true;
  authHeader: string | undefined;

  async start(port = 0, reject401 = false): Promise<void> {
    this.wss = new WebSocketServer({
      port,
      host: '127.0.0.1',
      verifyClient: (info, cb) => {
        this.authHeader = info.req.headers.authorization;
        if (reject401) cb(false, 401, 'Unauthorized');
        else cb(true);
      },
    });
    await new Promise<void>((r) => this.wss.once('listening', () => r()));
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      let unacked = 0;
      ws.on('message', (data) => {
        const msg = decodeAgentMessage(String(data));
        if (!msg.ok) throw new Error(msg.message);
        if (msg.value.type === 'hello') {
          this.hellos.push(msg.value);
          ws.send(
            JSON.stringify({
              v: 1,
              type: 'welcome',
              serverTime: Date.now(),
              ackedSeq: this.committed,
              config: { targets: [] },
            }),
          );
          return;
        }
        const batch = msg.value;
        unacked += 1;
        this.maxInFlight = Math.max(this.maxInFlight, unacked);
        if (!this.acking) return;
        setTimeout(() => {
          unacked -= 1;
          if (batch.seq > this.committed) {
            this.stored.push(batch);
            this.committed = batch.seq;
          }
          ws.send(JSON.stringify({ v: 1, type: 'ack', seq: batch.seq }));
        }, 2);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws/agent`;
  }
  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(opts: { reject401?: boolean } = {}) {
  const server = new TinyServer();
  await server.start(0, opts.reject401);
  cleanup.push(() => server.stop());
  const outbox = new MemoryOutbox();
  const sessions: SessionRecord[] = [];
  const conn = createAgentConnection({
    url: server.url,
    credential: 'secret-cred',
    hello: () => hello(outbox.size().lastSeq),
    outbox,
    onSession: (r) => sessions.push(r),
    heartbeatMs: 100,
    pongTimeoutMs: 200,
    backoff: { baseMs: 20, capMs: 100 },
  });
  cleanup.push(() => conn.stop());
  return { server, outbox, conn, sessions };
}

const startAndWaitOnline = async (conn: AgentConnection) => {
  conn.start();
  await expect.poll(() => conn.status().state, { timeout: 5000 }).toBe('online');
};

describe('agent connection', () => {
  it('says hello with the bearer credential, sends batches in order and deletes on ack', async () => {
    const { server, outbox, conn } = await setup();
    for (let i = 1; i <= 40; i++) await outbox.append([ev(i)]);
    await startAndWaitOnline(conn);
    expect(server.authHeader).toBe('Bearer secret-cred');
    expect(server.hellos[0]?.lastSeq).toBe(40);
    await expect.poll(() => outbox.size().ackedSeq, { timeout: 5000 }).toBe(40);
    expect(server.stored.map((b) => b.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(server.maxInFlight).toBeLessThanOrEqual(16);
    expect(outbox.size().batches).toBe(0);
    // New data after the initial drain flows on notify().
    await outbox.append([ev(41)]);
    conn.notify();
    await expect.poll(() => server.committed, { timeout: 5000 }).toBe(41);
  });

  it('keeps batches until acked: nothing is deleted while the server is silent', async () => {
    const { server, outbox, conn } = await setup();
    server.acking = false;
    for (let i = 1; i <= 20; i++) await outbox.append([ev(i)]);
    await startAndWaitOnline(conn);
    await expect.poll(() => server.maxInFlight, { timeout: 5000 }).toBe(16);
    expect(outbox.size().batches).toBe(20);
    expect(conn.status().inFlight).toBe(16);
  });

  it('skips what the welcome says is already committed', async () => {
    const { server, outbox, conn } = await setup();
    for (let i = 1; i <= 5; i++) await outbox.append([ev(i)]);
    server.committed = 3;
    await startAndWaitOnline(conn);
    await expect.poll(() => server.committed, { timeout: 5000 }).toBe(5);
    expect(server.stored.map((b) => b.seq)).toEqual([4, 5]);
  });

  it('reconnects after a reset, records the drop with its cause and reconnect time', async () => {
    const { server, outbox, conn, sessions } = await setup();
    await startAndWaitOnline(conn);
    for (const s of server.sockets) s.terminate();
    await expect.poll(() => sessions.length, { timeout: 5000 }).toBe(1);
    const drop = sessions[0] as SessionRecord;
    expect(drop).toMatchObject({ kind: 'session', session: 'server', cause: 'reset' });
    expect(drop.endedAt).toBeGreaterThanOrEqual(drop.startedAt);
    expect(drop.reconnectMs).toBeGreaterThanOrEqual(0);
    expect(conn.status().state).toBe('online');
    await outbox.append([ev(1)]);
    conn.notify();
    await expect.poll(() => server.committed, { timeout: 5000 }).toBe(1);
  });

  it('calls a close frame from the server server_close', async () => {
    const { server, conn, sessions } = await setup();
    await startAndWaitOnline(conn);
    for (const s of server.sockets) s.close(1001, 'going away');
    await expect.poll(() => sessions[0]?.cause, { timeout: 5000 }).toBe('server_close');
  });

  it('detects a half-open link by the missing pong and reconnects', async () => {
    const { server, conn, sessions } = await setup();
    await startAndWaitOnline(conn);
    // Stop reading on the server side: pings go unanswered, like a link that drops packets.
    for (const s of server.sockets)
      (s as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect.poll(() => sessions[0]?.cause, { timeout: 5000 }).toBe('timeout');
    expect(conn.status().state).toBe('online');
  });

  it('reports a refused credential and keeps retrying', async () => {
    const { conn, server } = await setup({ reject401: true });
    conn.start();
    await expect.poll(() => conn.status().lastError ?? '', { timeout: 5000 }).toMatch(/401/);
    expect(['offline', 'connecting']).toContain(conn.status().state);
    expect(server.hellos).toEqual([]);
  });

  it('stop() ends cleanly without a drop record', async () => {
    const { conn, sessions } = await setup();
    await startAndWaitOnline(conn);
    await conn.stop();
    expect(conn.status().state).toBe('stopped');
    expect(sessions).toEqual([]);
  });
});
