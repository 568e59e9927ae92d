import { performance } from 'node:perf_hooks';
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import type { SysRecord } from '@wardwatch/shared';
import { silentLogger, type Logger } from '../log.js';
import { cpuPctBetween, parseMeminfo, sumCpuTimes, type CpuTimes } from './sys-stats.js';

export const defaultMounts = (platform: NodeJS.Platform = process.platform) =>
  platform === 'win32' ? ['C:\\'] : ['/'];

async function memory(): Promise<{ totalBytes: number; usedBytes: number }> {
  if (process.platform === 'linux') {
    try {
      const parsed = parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
      if (parsed) return parsed;
    } catch {
      // fall through to the portable numbers
    }
  }
  const total = os.totalmem();
  return { totalBytes: total, usedBytes: total - os.freemem() };
}

async function disks(mounts: string[]): Promise<SysRecord['disks']> {
  const out: SysRecord['disks'] = [];
  for (const mount of mounts) {
    try {
      const s = await statfs(mount);
      const sizeBytes = s.blocks * s.bsize;
      out.push({ mount, sizeBytes, usedBytes: Math.max(0, (s.blocks - s.bfree) * s.bsize) });
    } catch {
      // A missing drive is simply not reported.
    }
  }
  return out;
}

/** One sample; CPU % is measured since `prev` (or over a short 200 ms window without one). */
export async function sampleSys(
  prev: CpuTimes | null,
  at: number,
  mounts = defaultMounts(),
): Promise<{ record: SysRecord; cpu: CpuTimes }> {
  let base = prev;
  if (!base) {
    base = sumCpuTimes(os.cpus());
    await new Promise((r) => setTimeout(r, 200));
  }
  const cpu = sumCpuTimes(os.cpus());
  const mem = await memory();
  const record: SysRecord = {
    kind: 'sys',
    at,
    cpuPct: cpuPctBetween(base, cpu),
    memUsedBytes: mem.usedBytes,
    memTotalBytes: mem.totalBytes,
    disks: await disks(mounts),
    uptimeSec: Math.round(os.uptime()),
  };
  if (process.platform !== 'win32') record.load1 = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  return { record, cpu };
}

export interface SysCollectorOptions {
  intervalMs: number;
  emit: (record: SysRecord) => void;
  now?: () => number;
  log?: Logger;
  /** Receives the wall time of each sample (profiling). */
  measure?: (ms: number) => void;
}

/** Cheap host metrics on a timer (no child processes). */
export class SysCollector {
  #opts: SysCollectorOptions;
  #timer: NodeJS.Timeout | null = null;
  #prev: CpuTimes | null = null;
  #busy = false;
  #first: NodeJS.Timeout | null = null;

  constructor(options: SysCollectorOptions) {
    this.#opts = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#prev = sumCpuTimes(os.cpus());
    this.#timer = setInterval(() => void this.#tick(), this.#opts.intervalMs);
    this.#timer.unref();
    // A first sample soon after start, so `status` and the server see the machine at once.
    if (this.#opts.intervalMs > 5000) {
      this.#first = setTimeout(() => void this.#tick(), 5000);
      this.#first.unref();
    }
  }

  async #tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const t0 = performance.now();
      const { record, cpu } = await sampleSys(this.#prev, (this.#opts.now ?? Date.now)());
      this.#opts.measure?.(performance.now() - t0);
      this.#prev = cpu;
      this.#opts.emit(record);
    } catch (err) {
      (this.#opts.log ?? silentLogger).warn('sys sample failed', { err: String(err) });
    } finally {
      this.#busy = false;
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#first) clearTimeout(this.#first);
    this.#timer = this.#first = null;
  }
}
