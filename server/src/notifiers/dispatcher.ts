import {
  formatMessage,
  planMessages,
  type ChannelCreate,
  type NotifyEvent,
} from '@wardwatch/shared';
import type { Clock, Logger } from '../services/context.js';
import type { AppliedChange } from '../store/detector-store.js';
import type { Store } from '../store/store.js';
import { sendMail } from './email.js';
import { sendTelegram } from './telegram.js';
import { sendWebhook } from './webhook.js';

export interface DispatcherOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Changes within this window after the first one go out as one message per channel. */
  digestWindowMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  sendTimeoutMs: number;
}

interface StoredBody {
  subject: string;
  text: string;
  events: NotifyEvent[];
}

/** Retry n (1-based) waits base·2^(n-1), capped at an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

async function deliver(kind: ChannelCreate, body: StoredBody, timeoutMs: number): Promise<void> {
  switch (kind.kind) {
    case 'webhook':
      return sendWebhook(
        kind.config,
        JSON.stringify({ v: 1, type: 'wardwatch.notification', ...body }),
        timeoutMs,
      );
    case 'telegram':
      return sendTelegram(kind.config, body.text, timeoutMs);
    case 'email':
      return sendMail(kind.config, body.subject, body.text, timeoutMs);
    default: {
      const never: never = kind;
      throw new Error(`unknown channel ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Incident changes → routed, digested messages → a delivery log with retries. A message is
 * written to the log before it is sent, so a crash between the two only delays it.
 */
export class NotificationDispatcher {
  private readonly opts: DispatcherOptions;
  private pending: NotifyEvent[] = [];
  private digestTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Digests are planned and logged one after another, in the order they were flushed. */
  private planning: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(opts: DispatcherOptions) {
    this.opts = opts;
  }

  start(): void {
    this.retryTimer = setInterval(
      () => void this.deliverDue(),
      Math.max(250, this.opts.retryBaseMs / 2),
    );
    this.retryTimer.unref();
    void this.deliverDue();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.digestTimer) clearTimeout(this.digestTimer);
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.digestTimer = null;
    this.retryTimer = null;
    // Keep what was pending in the log; it is sent after the next start.
    await this.flush(false);
    await this.running;
  }

  push(applied: readonly AppliedChange[]): void {
    if (this.stopped) return;
    for (const { change, row } of applied) {
      if (change !== 'opened' && change !== 'closed') continue;
      this.pending.push({ change, incident: row });
    }
    if (this.pending.length > 0 && !this.digestTimer) {
      this.digestTimer = setTimeout(() => void this.flush(true), this.opts.digestWindowMs);
      this.digestTimer.unref();
    }
  }

  /** Turn the pending changes into one logged message per channel, then try to send. */
  async flush(send = true): Promise<void> {
    this.digestTimer = null;
    const events = this.pending;
    this.pending = [];
    if (events.length === 0) return this.planning;
    this.planning = this.planning.then(() => this.logMessages(events));
    await this.planning;
    if (send) void this.deliverDue();
  }

  private async logMessages(events: readonly NotifyEvent[]): Promise<void> {
    const { store, clock, log } = this.opts;
    try {
      // Attribution may have settled since the change: report the incident as it is now.
      const seen = new Set<string>();
      const fresh: NotifyEvent[] = [];
      for (const e of events) {
        const k = `${e.incident.id}:${e.change}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const row = await store.getIncident(e.incident.id);
        if (row) fresh.push({ change: e.change, incident: row });
      }
      const enabled = new Set(
        (await store.listChannels()).filter((c) => c.enabled).map((c) => c.id),
      );
      const rules = (await store.listRules()).filter((r) => enabled.has(r.channelId));
      const now = clock.now();
      for (const message of planMessages(fresh, rules)) {
        const { subject, text } = formatMessage(message.events);
        await store.createDelivery({
          channelId: message.channelId,
          createdAt: now,
          subject,
          body: JSON.stringify({ subject, text, events: message.events } satisfies StoredBody),
          incidentIds: [...new Set(message.events.map((e) => e.incident.id))],
        });
      }
    } catch (err) {
      log.error({ err }, 'planning notifications failed');
    }
  }

  /** Send every due delivery once; failures are rescheduled with backoff until maxAttempts. */
  deliverDue(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.sendDue()
      .catch((err: unknown) => this.opts.log.error({ err }, 'notification delivery failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sendDue(): Promise<void> {
    const { store, clock, log } = this.opts;
    for (const d of await store.dueDeliveries(clock.now(), 50)) {
      if (this.stopped) return;
      const channel = await store.getChannel(d.channelId);
      const attempt = d.attempts + 1;
      try {
        if (!channel) throw new Error('channel deleted');
        const body = JSON.parse(d.body) as StoredBody;
        await deliver(
          { name: channel.name, kind: channel.kind, config: channel.secretConfig } as ChannelCreate,
          body,
          this.opts.sendTimeoutMs,
        );
        await store.recordAttempt({ id: d.id, at: clock.now(), ok: true, nextAttemptAt: null });
      } catch (err) {
        const giveUp = !channel || attempt >= this.opts.maxAttempts;
        const error = err instanceof Error ? err.message : String(err);
        log.warn({ deliveryId: d.id, attempt, error }, 'notification attempt failed');
        await store.recordAttempt({
          id: d.id,
          at: clock.now(),
          ok: false,
          error: error.slice(0, 500),
          nextAttemptAt: giveUp ? null : clock.now() + retryDelayMs(attempt, this.opts.retryBaseMs),
        });
      }
    }
  }
}
