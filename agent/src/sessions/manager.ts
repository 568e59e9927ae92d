import type { ProbeRecord, SessionRecord, Target } from '@wardwatch/shared';
import type { Logger } from '../log.js';
import { ServiceSession, type ServiceSessionOptions } from './service-session.js';

export interface SessionManagerOptions {
  emitSession: (record: SessionRecord) => void;
  emitProbe: (record: ProbeRecord) => void;
  tlsCa?: string[];
  log?: Logger;
  /** Test hook: extra options for every session (backoff, keepWarmMs, ...). */
  sessionOptions?: Partial<ServiceSessionOptions>;
}

/** One ServiceSession per `session` target; unchanged targets keep their connection. */
export class SessionManager {
  #o: SessionManagerOptions;
  #sessions = new Map<string, { key: string; session: ServiceSession }>();
  #running = false;

  constructor(options: SessionManagerOptions) {
    this.#o = options;
  }

  start(targets: Target[]): void {
    this.#running = true;
    this.setTargets(targets);
  }

  setTargets(targets: Target[]): void {
    if (!this.#running) return;
    const wanted = new Map(targets.filter((t) => t.probe === 'session').map((t) => [t.id, t]));
    for (const [id, s] of this.#sessions) {
      const t = wanted.get(id);
      if (!t || JSON.stringify(t) !== s.key) {
        s.session.stop();
        this.#sessions.delete(id);
      }
    }
    for (const [id, target] of wanted) {
      if (this.#sessions.has(id)) continue;
      const session = new ServiceSession({
        target,
        emitSession: this.#o.emitSession,
        emitProbe: this.#o.emitProbe,
        tlsCa: this.#o.tlsCa,
        log: this.#o.log,
        ...this.#o.sessionOptions,
      });
      this.#sessions.set(id, { key: JSON.stringify(target), session });
      session.start();
    }
  }

  stop(): void {
    this.#running = false;
    for (const s of this.#sessions.values()) s.session.stop();
    this.#sessions.clear();
  }
}
