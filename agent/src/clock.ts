import { performance } from 'node:perf_hooks';
import type { EventRecord } from '@wardwatch/shared';

export interface ClockSample {
  wallMs: number;
  monoMs: number;
}

/**
 * How far the wall clock moved beyond the monotonic clock between two samples (ms, signed):
 * positive when it jumped forward (NTP step, manual change), negative when set back. Null
 * within `thresholdMs` (drift and timer lateness are not jumps).
 */
export function clockJumpMs(
  prev: ClockSample,
  next: ClockSample,
  thresholdMs = 2000,
): number | null {
  const delta = next.wallMs - prev.wallMs - (next.monoMs - prev.monoMs);
  return Math.abs(delta) > thresholdMs ? Math.round(delta) : null;
}

export function clockJumpEvent(prev: ClockSample, next: ClockSample, deltaMs: number): EventRecord {
  return {
    kind: 'event',
    at: Math.max(0, Math.round(next.wallMs)),
    name: 'clock_jump',
    detail: JSON.stringify({
      deltaMs,
      fromWall: prev.wallMs,
      toWall: next.wallMs,
      mono: Math.round(next.monoMs),
    }),
  };
}

export interface ClockWatchOptions {
  intervalMs?: number;
  thresholdMs?: number;
  emit: (e: EventRecord) => void;
  sample?: () => ClockSample;
}

/** Compares wall and monotonic clocks every few seconds; a disagreement is a `clock_jump` event. */
export class ClockWatch {
  #timer: NodeJS.Timeout | null = null;
  #prev: ClockSample | null = null;
  #o: ClockWatchOptions;

  constructor(options: ClockWatchOptions) {
    this.#o = options;
  }

  #sample(): ClockSample {
    return this.#o.sample?.() ?? { wallMs: Date.now(), monoMs: performance.now() };
  }

  start(): void {
    if (this.#timer) return;
    this.#prev = this.#sample();
    this.#timer = setInterval(() => this.tick(), this.#o.intervalMs ?? 5000);
    this.#timer.unref();
  }

  tick(): void {
    const next = this.#sample();
    if (this.#prev) {
      const delta = clockJumpMs(this.#prev, next, this.#o.thresholdMs);
      if (delta !== null) this.#o.emit(clockJumpEvent(this.#prev, next, delta));
    }
    this.#prev = next;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
