import WebSocket from 'ws';
import type { AgentRecord, ConsoleMessage, ServerMessage } from '@wardwatch/shared';

/** A tiny protocol client for server tests: raw frames in, queued messages out. */
export interface TestSocket<M> {
  ws: WebSocket;
  /** The next message (optionally of one type); rejects on close or after `timeoutMs`. */
  next<T extends M = M>(pred?: (m: M) => boolean, timeoutMs?: number): Promise<T>;
  sendJson(value: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export type UpgradeResult<M> = { ok: true; socket: TestSocket<M> } | { ok: false; status: number };

export function wsUrl(httpUrl: string, path: string): string {
  return httpUrl.replace(/^http/, 'ws') + path;
}

export async function openSocket<M>(
  url: string,
  headers: Record<string, string>,
  /** Source address to connect from (e.g. another loopback address). */
  localAddress?: string,
): Promise<UpgradeResult<M>> {
  const ws = new WebSocket(url, {
    headers,
    handshakeTimeout: 10_000,
    ...(localAddress && { localAddress }),
  });
  const queue: M[] = [];
  const waiters: { pred: (m: M) => boolean; resolve: (m: M) => void }[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as M;
    const i = waiters.findIndex((w) => w.pred(msg));
    if (i >= 0) {
      const [w] = waiters.splice(i, 1);
      w?.resolve(msg);
    } else {
      queue.push(msg);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return await new Promise<UpgradeResult<M>>((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ok: true,
        socket: {
          ws,
          closed,
          sendJson: (value) => ws.send(JSON.stringify(value)),
          next<T extends M = M>(pred: (m: M) => boolean = () => true, timeoutMs = 10_000) {
            const i = queue.findIndex(pred);
            if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0] as T);
            return new Promise<T>((res, rej) => {
              const timer = setTimeout(
                () => rej(new Error(`no matching message within ${timeoutMs} ms`)),
                timeoutMs,
              );
              waiters.push({
                pred,
                resolve: (m) => {
                  clearTimeout(timer);
                  res(m as T);
                },
              });
              void closed.then(({ code }) => {
                clearTimeout(timer);
                rej(new Error(`socket closed (${code}) while waiting`));
              });
            });
          },
          close: async () => {
            if (ws.readyState !== WebSocket.CLOSED) ws.close();
            await closed;
          },
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', (err) => reject(err));
  });
}

export const openAgent = (httpUrl: string, credential: string) =>
  openSocket<ServerMessage>(wsUrl(httpUrl, '/ws/agent'), {
    authorization: `Bearer ${credential}`,
  });
export const openConsole = (httpUrl: string, cookie: string) =>
  openSocket<ConsoleMessage>(wsUrl(httpUrl, '/ws/console'), { cookie });

export function expectOpen<M>(r: UpgradeResult<M>): TestSocket<M> {
  if (!r.ok) throw new Error(`upgrade refused with ${r.status}`);
  return r.socket;
}

export const hello = (stationId: string, sentAt = Date.now(), lastSeq = 0) => ({
  v: 1,
  type: 'hello',
  stationId,
  agentVersion: '0.1.0-test',
  hostname: 'pc-test',
  os: { platform: 'linux', release: '6.0', arch: 'x64' },
  sentAt,
  mono: 1,
  lastSeq,
});

export const batch = (seq: number, records: AgentRecord[], sentAt = Date.now()) => ({
  v: 1,
  type: 'batch',
  seq,
  sentAt,
  records,
});

export const probeRecord = (at: number, avg: number, target = 'csdlqg'): AgentRecord => ({
  kind: 'probe',
  at,
  target,
  probe: 'icmp',
  ok: true,
  rttMs: { min: avg - 1, avg, max: avg + 1, mdev: 0.5 },
  sent: 4,
  received: 4,
  lossPct: 0,
});
