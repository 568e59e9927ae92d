import type { ProbeRecord, Target } from '@wardwatch/shared';
import { silentLogger, type Logger } from './log.js';
import { toProbeRecord, type ProbeDeps, type ProbeStrategy } from './probes/probe.js';

/** Interval ± 10 % jitter, so many agents started together do not probe in lockstep. */
export function nextDelayMs(intervalMs: number, random: number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random));
}

/** First round soon after (re)configuration, spread over at most the first 2 s. */
export function firstDelayMs(intervalMs: number, random: number): number {
  return Math.round(Math.min(intervalMs, 2000) * random);
}

export interface SchedulerOptions {
  strategyFor: (target: Target) => ProbeStrategy;
  deps: ProbeDeps;
  emit: (record: ProbeRecord) => void;
  random?: () => number;
  now?: () => number;
  log?: Logger;
}

interface Loop {
  key: string;
  timer: NodeJS.Timeout | null;
  abort: AbortController;
  stopped: boolean;
}

/** One setTimeout loop per target; the next round is scheduled after the previous completes. */
export class Scheduler {
  #opts: SchedulerOptions;
  #loops = new Map<string, Loop>();
  #targets: Target[] = [];
  #running = false;

  constructor(options: SchedulerOptions) {
    this.#opts = options;
  }

  start(targets: Target[] = this.#targets): void {
    this.#running = true;
    this.setTargets(targets);
  }

  /** Apply a new target list: unchanged targets keep their loop, others restart or stop. */
  setTargets(targets: Target[]): void {
    this.#targets = targets;
    if (!this.#running) return;
    const wanted = new Map(targets.map((t) => [t.id, t]));
    for (const [id, loop] of this.#loops) {
      const t = wanted.get(id);
      if (!t || JSON.stringify(t) !== loop.key) this.#stopLoop(id, loop);
    }
    for (const t of targets) if (!this.#loops.has(t.id)) this.#startLoop(t);
  }

  targets(): Target[] {
    return this.#targets;
  }

  #startLoop(target: Target): void {
    const random = this.#opts.random ?? Math.random;
    const now = this.#opts.now ?? Date.now;
    const loop: Loop = {
      key: JSON.stringify(target),
      timer: null,
      abort: new AbortController(),
      stopped: false,
    };
    const run = this.#opts.strategyFor(target)(target, this.#opts.deps);
    const round = async () => {
      loop.timer = null;
      const at = now();
      try {
        const outcome = await run.run(loop.abort.signal);
        if (!loop.stopped) this.#opts.emit(toProbeRecord(target, outcome, at));
      } catch (err) {
        (this.#opts.log ?? silentLogger).error('probe crashed', {
          target: target.id,
          err: String(err),
        });
        if (!loop.stopped) {
          this.#opts.emit(toProbeRecord(target, { status: 'error', error: 'probe_crashed' }, at));
        }
      }
      if (loop.stopped) return;
      schedule(nextDelayMs(target.intervalMs, random()));
    };
    const schedule = (ms: number) => {
      loop.timer = setTimeout(() => void round(), ms);
      loop.timer.unref();
    };
    this.#loops.set(target.id, loop);
    schedule(firstDelayMs(target.intervalMs, random()));
  }

  #stopLoop(id: string, loop: Loop): void {
    loop.stopped = true;
    if (loop.timer) clearTimeout(loop.timer);
    loop.abort.abort();
    this.#loops.delete(id);
  }

  stop(): void {
    this.#running = false;
    for (const [id, loop] of this.#loops) this.#stopLoop(id, loop);
  }
}
