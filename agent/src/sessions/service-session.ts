import { connect as netConnect, type Socket } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import type { BackoffPolicy, ProbeRecord, SessionRecord, Target } from '@wardwatch/shared';
import { DEFAULT_BACKOFF, nextBackoffMs } from '@wardwatch/shared/agent';
import { silentLogger, type Logger } from '../log.js';
import {
  classifyEnd,
  initialTracker,
  stepTracker,
  type EndInfo,
  type TrackerInput,
} from './tracker.js';

/** How a session target is reached and kept warm. */
export interface SessionPlan {
  host: string;
  port: number;
  tls: boolean;
  /** HTTP targets get a small keep-alive `HEAD` each keep-warm period and must answer it. */
  httpPath: string | null;
}

/** `url` http(s)://… (HEAD keep-warm), tls://host:port, else host + port (plain TCP). */
export function sessionPlan(t: Pick<Target, 'url' | 'host' | 'port'>): SessionPlan | null {
  if (t.url) {
    let u: URL;
    try {
      u = new URL(t.url);
    } catch {
      return null;
    }
    const tls = u.protocol === 'https:' || u.protocol === 'tls:';
    const isHttp = u.protocol === 'http:' || u.protocol === 'https:';
    if (!tls && !isHttp && u.protocol !== 'tcp:') return null;
    const port = Number(u.port) || (tls ? 443 : 80);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return { host, port, tls, httpPath: isHttp ? `${u.pathname}${u.search}` || '/' : null };
  }
  if (!t.host || !t.port) return null;
  return { host: t.host, port: t.port, tls: false, httpPath: null };
}

/** The HTTP status of a complete response head, or null while incomplete. */
export function parseResponseHead(buf: string): { status: number; close: boolean } | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(buf);
  const head = buf.slice(0, end);
  return { status: m ? Number(m[1]) : 0, close: /^connection:\s*close\s*$/im.test(head) };
}

export interface ServiceSessionOptions {
  target: Target;
  emitSession: (record: SessionRecord) => void;
  emitProbe: (record: ProbeRecord) => void;
  tlsCa?: string[];
  /** Keep-warm period; default min(5 s, the target's interval). */
  keepWarmMs?: number;
  /** A drop not re-established within this is recorded without reconnectMs. */
  maxWaitMs?: number;
  backoff?: BackoffPolicy;
  /** Whether `addr` is still configured on this machine (iface_down detection). */
  hasLocalAddress?: (addr: string) => boolean;
  now?: () => number;
  random?: () => number;
  log?: Logger;
}

export function hasLocalAddress(addr: string): boolean {
  const plain = addr.replace(/^::ffff:/, '');
  return Object.values(os.networkInterfaces()).some((list) =>
    (list ?? []).some((a) => a.address === plain || a.address === addr),
  );
}

/**
 * A long-lived TCP/TLS connection to one target (DESIGN §4 "session drops"): reconnects with
 * full-jitter backoff, records every unclean end as a `session` record and reports one
 * `probe` record (probe 'session') per target interval.
 */
export class ServiceSession {
  #o: ServiceSessionOptions;
  #plan: SessionPlan | null;
  #tracker = initialTracker();
  #socket: Socket | null = null;
  #stopped = true;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #warmTimer: NodeJS.Timeout | null = null;
  #probeTimer: NodeJS.Timeout | null = null;
  #awaitingSince: number | null = null;
  #lastRttMs: number | null = null;
  #lastError: string | null = null;
  #connectedAt: number | null = null;

  constructor(options: ServiceSessionOptions) {
    this.#o = options;
    this.#plan = sessionPlan(options.target);
  }

  get #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const { target } = this.#o;
    this.#probeTimer = setInterval(() => this.#report(), target.intervalMs);
    this.#probeTimer.unref();
    if (!this.#plan) {
      this.#lastError = 'session target needs url or host and port';
      return;
    }
    this.#connect();
  }

  #step(input: TrackerInput): void {
    const { target } = this.#o;
    const r = stepTracker(this.#tracker, input, {
      kind: 'service',
      target: target.id,
      maxWaitMs: this.#o.maxWaitMs ?? 60_000,
    });
    this.#tracker = r.state;
    for (const rec of r.records) this.#o.emitSession(rec);
  }

  #connect(): void {
    this.#reconnectTimer = null;
    const plan = this.#plan;
    if (this.#stopped || !plan) return;
    const startedAt = performance.now();
    const timeoutMs = this.#o.target.timeoutMs ?? 10_000;
    const socket = plan.tls
      ? tlsConnect({
          host: plan.host,
          port: plan.port,
          servername: /^[\d.:]+$/.test(plan.host) ? undefined : plan.host,
          ...(this.#o.tlsCa && { ca: this.#o.tlsCa }),
        })
      : netConnect({ host: plan.host, port: plan.port });
    this.#socket = socket;
    const end: EndInfo = {};
    let established = false;
    let localAddress: string | undefined;
    let buffered = '';
    let expectClose = false;

    const connectTimer = setTimeout(() => {
      end.errorCode = 'ETIMEDOUT';
      socket.destroy();
    }, timeoutMs);
    connectTimer.unref();

    socket.once(plan.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(connectTimer);
      established = true;
      localAddress = socket.localAddress;
      this.#connectedAt = this.#now;
      this.#lastRttMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
      this.#lastError = null;
      this.#attempt = 0;
      socket.setKeepAlive(true, this.#keepWarmMs());
      this.#step({ type: 'connected', at: this.#connectedAt });
      if (plan.httpPath !== null) this.#startKeepWarm(socket, plan);
    });
    socket.on('data', (chunk: Buffer) => {
      if (plan.httpPath === null) return;
      buffered += chunk.toString('latin1');
      const head = parseResponseHead(buffered);
      if (!head) {
        if (buffered.length > 65_536) buffered = '';
        return;
      }
      buffered = '';
      if (this.#awaitingSince !== null) {
        this.#lastRttMs = Math.round((performance.now() - this.#awaitingSince) * 1000) / 1000;
      }
      this.#awaitingSince = null;
      // The server announced it closes after this reply: reconnecting is not a drop.
      if (head.close) expectClose = true;
    });
    socket.once('end', () => {
      end.remoteClosed = true;
    });
    socket.once('error', (err: Error & { code?: string }) => {
      end.errorCode ??= err.code ?? 'error';
      this.#lastError = end.errorCode;
    });
    socket.once('close', () => {
      clearTimeout(connectTimer);
      if (this.#socket === socket) this.#socket = null;
      this.#stopKeepWarm();
      if (this.#stopped) return;
      const at = this.#now;
      if (established) {
        this.#connectedAt = null;
        if (expectClose && end.errorCode === undefined) {
          this.#step({ type: 'closed', at });
        } else {
          end.localAddressGone =
            localAddress !== undefined &&
            !(this.#o.hasLocalAddress ?? hasLocalAddress)(localAddress);
          const cause = classifyEnd(end);
          this.#lastError = cause;
          this.#step({ type: 'ended', at, cause });
          (this.#o.log ?? silentLogger).warn('service session dropped', {
            target: this.#o.target.id,
            cause,
          });
        }
      }
      const delayMs =
        established && expectClose
          ? 0
          : nextBackoffMs(
              this.#attempt,
              (this.#o.random ?? Math.random)(),
              this.#o.backoff ?? DEFAULT_BACKOFF,
            );
      this.#attempt += 1;
      this.#reconnectTimer = setTimeout(() => this.#connect(), delayMs);
      this.#reconnectTimer.unref();
    });
  }

  #keepWarmMs(): number {
    return this.#o.keepWarmMs ?? Math.min(5000, this.#o.target.intervalMs);
  }

  #startKeepWarm(socket: Socket, plan: SessionPlan): void {
    const timeoutMs = this.#o.target.timeoutMs ?? 10_000;
    const request =
      `HEAD ${plan.httpPath ?? '/'} HTTP/1.1\r\nHost: ${plan.host}\r\n` +
      `User-Agent: wardwatch-agent\r\nConnection: keep-alive\r\n\r\n`;
    const send = () => {
      if (this.#awaitingSince !== null) {
        if (performance.now() - this.#awaitingSince > timeoutMs) {
          // No answer to the last request: the link is half-open. Give up on it.
          socket.destroy(Object.assign(new Error('keep-warm timeout'), { code: 'ETIMEDOUT' }));
        }
        return;
      }
      this.#awaitingSince = performance.now();
      socket.write(request);
    };
    send();
    this.#warmTimer = setInterval(send, Math.min(this.#keepWarmMs(), timeoutMs));
    this.#warmTimer.unref();
  }

  #stopKeepWarm(): void {
    if (this.#warmTimer) clearInterval(this.#warmTimer);
    this.#warmTimer = null;
    this.#awaitingSince = null;
  }

  #report(): void {
    const at = this.#now;
    this.#step({ type: 'tick', at });
    const timeoutMs = this.#o.target.timeoutMs ?? 10_000;
    const answering =
      this.#awaitingSince === null || performance.now() - this.#awaitingSince < timeoutMs;
    const up = this.#connectedAt !== null && answering;
    const base: ProbeRecord = {
      kind: 'probe',
      at,
      target: this.#o.target.id,
      probe: 'session',
      ok: up,
      sent: 1,
      received: up ? 1 : 0,
      lossPct: up ? 0 : 100,
    };
    if (up && this.#lastRttMs !== null) {
      const ms = this.#lastRttMs;
      base.rttMs = { min: ms, avg: ms, max: ms, mdev: 0 };
    }
    if (!up)
      base.error = (this.#lastError ?? (this.#connectedAt !== null ? 'no_answer' : 'down')).slice(
        0,
        256,
      );
    this.#o.emitProbe(base);
  }

  /** Close cleanly; a pending drop is recorded without reconnectMs. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    if (this.#probeTimer) clearInterval(this.#probeTimer);
    this.#reconnectTimer = this.#probeTimer = null;
    this.#stopKeepWarm();
    this.#socket?.destroy();
    this.#socket = null;
    this.#step({ type: 'stop', at: this.#now });
  }
}
