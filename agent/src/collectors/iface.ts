import { performance } from 'node:perf_hooks';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { IfaceRecord } from '@wardwatch/shared';
import { silentLogger, type Logger } from '../log.js';
import {
  diffIfaces,
  operstateUp,
  parseProcNetRoute,
  parseRoutePrint,
  shouldSendIface,
  snapshotInterfaces,
  tunnelMatcher,
  type IfaceChange,
} from './iface-diff.js';

export interface IfaceWatcherOptions {
  intervalMs?: number;
  /** A full record at least this often even when nothing changed. */
  fullEveryMs?: number;
  tunnelInterface?: string;
  /** Linux: where `class/net` and `net/route` live (tests use a fixture tree). */
  sysRoot?: string;
  procRoot?: string;
  emit: (record: IfaceRecord, change: IfaceChange | null) => void;
  now?: () => number;
  log?: Logger;
  /** Receives the wall time of each sample (profiling). */
  measure?: (ms: number) => void;
  platform?: NodeJS.Platform;
}

async function linuxStates(sysRoot: string): Promise<Record<string, boolean>> {
  const dir = join(sysRoot, 'class', 'net');
  const out: Record<string, boolean> = {};
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  await Promise.all(
    names.map(async (name) => {
      try {
        out[name] = operstateUp(await readFile(join(dir, name, 'operstate'), 'utf8'));
      } catch {
        // raced with removal
      }
    }),
  );
  delete out.lo;
  return out;
}

/**
 * Interfaces, addresses, default gateway and tunnel presence every 5 s without child
 * processes on Linux (os.networkInterfaces, /sys/class/net, /proc/net/route). Windows reads
 * the gateway from `route print` at most once a minute. Sends on change, else every 5 min.
 */
export class IfaceWatcher {
  #o: IfaceWatcherOptions;
  #timer: NodeJS.Timeout | null = null;
  #last: IfaceRecord | null = null;
  #lastSentAt: number | null = null;
  #busy = false;
  #isTunnel: (name: string) => boolean;
  #winGateway: { at: number; gw: string | undefined } | null = null;

  constructor(options: IfaceWatcherOptions) {
    this.#o = options;
    this.#isTunnel = tunnelMatcher(options.tunnelInterface);
  }

  start(): void {
    if (this.#timer) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#o.intervalMs ?? 5000);
    this.#timer.unref();
  }

  current(): IfaceRecord | null {
    return this.#last;
  }

  async sample(at: number): Promise<IfaceRecord> {
    const platform = this.#o.platform ?? process.platform;
    const states = platform === 'linux' ? await linuxStates(this.#o.sysRoot ?? '/sys') : {};
    const interfaces = snapshotInterfaces(os.networkInterfaces(), states, this.#isTunnel);
    const gateway = await this.#gateway(platform, at);
    return { kind: 'iface', at, interfaces, ...(gateway && { gateway }) };
  }

  async #gateway(platform: NodeJS.Platform, at: number): Promise<string | undefined> {
    if (platform === 'linux') {
      try {
        return parseProcNetRoute(
          await readFile(join(this.#o.procRoot ?? '/proc', 'net', 'route'), 'utf8'),
        );
      } catch {
        return undefined;
      }
    }
    if (platform !== 'win32') return undefined;
    if (this.#winGateway && at - this.#winGateway.at < 60_000) return this.#winGateway.gw;
    const gw = await new Promise<string | undefined>((resolve) => {
      execFile(
        'route',
        ['print', '-4', '0.0.0.0'],
        { timeout: 5000, windowsHide: true },
        (err, stdout) => resolve(err ? undefined : parseRoutePrint(String(stdout))),
      );
    });
    this.#winGateway = { at, gw };
    return gw;
  }

  async tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const now = (this.#o.now ?? Date.now)();
      const t0 = performance.now();
      const record = await this.sample(now);
      this.#o.measure?.(performance.now() - t0);
      const first = this.#last === null;
      const diff = diffIfaces(this.#last, record);
      // The first snapshot is sent in full but is not a "change".
      const change = first ? null : diff;
      this.#last = record;
      if (shouldSendIface(diff !== null, this.#lastSentAt, now, this.#o.fullEveryMs ?? 300_000)) {
        this.#lastSentAt = now;
        this.#o.emit(record, change);
      }
    } catch (err) {
      (this.#o.log ?? silentLogger).warn('iface sample failed', { err: String(err) });
    } finally {
      this.#busy = false;
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
