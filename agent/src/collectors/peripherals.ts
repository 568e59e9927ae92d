import { performance } from 'node:perf_hooks';
import type { CatalogEntry, PeripheralsRecord } from '@wardwatch/shared';
import { silentLogger, type Logger } from '../log.js';
import type { ShellHost } from './shell-host.js';
import {
  PNP_COMMAND,
  devicesKey,
  parsePnpEntities,
  scanSysfsUsb,
  toDevices,
  type RawUsbDevice,
} from './usb-sources.js';
import { UsbHotplugWatcher } from './usb-hotplug.js';

/** Send the full list now? At start, on change, else at most every `fullEveryMs`. */
export function shouldSendPeripherals(
  key: string,
  last: { key: string; at: number } | null,
  now: number,
  fullEveryMs: number,
): boolean {
  return last === null || last.key !== key || now - last.at >= fullEveryMs;
}

export interface PeripheralCollectorOptions {
  intervalMs?: number;
  fullEveryMs?: number;
  sysfsRoot?: string;
  /** Linux: where devtmpfs puts USB device nodes (`/dev/bus/usb`); null: poll only. */
  hotplugRoot?: string | null;
  hotplugDebounceMs?: number;
  catalog?: readonly CatalogEntry[];
  /** Windows: the agent's long-lived PowerShell. */
  shell?: ShellHost | null;
  emit: (record: PeripheralsRecord) => void;
  /** Every sample, sent or not (status view). */
  onSample?: (record: PeripheralsRecord) => void;
  now?: () => number;
  log?: Logger;
  /** Receives the wall time of each sample (profiling). */
  measure?: (ms: number) => void;
  platform?: NodeJS.Platform;
}

/**
 * USB devices every 60 s and, on Linux, within a second of a plug or unplug: full
 * `peripherals` record at start, on change, and every 15 min. (Windows polls: a device-change
 * subscription would keep work running in the shared PowerShell.)
 */
export class PeripheralCollector {
  #o: PeripheralCollectorOptions;
  #timer: NodeJS.Timeout | null = null;
  #hotplug: UsbHotplugWatcher | null = null;
  #last: { key: string; at: number } | null = null;
  #busy = false;
  /** A hot-plug arrived during a scan: scan once more after it. */
  #again = false;

  constructor(options: PeripheralCollectorOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#o.intervalMs ?? 60_000);
    this.#timer.unref();
    if ((this.#o.platform ?? process.platform) === 'linux' && this.#o.hotplugRoot !== null) {
      this.#hotplug = new UsbHotplugWatcher({
        root: this.#o.hotplugRoot ?? '/dev/bus/usb',
        debounceMs: this.#o.hotplugDebounceMs ?? 1000,
        onChange: () => void this.tick(),
      });
      void this.#hotplug.start();
    }
  }

  async #raw(): Promise<RawUsbDevice[]> {
    const platform = this.#o.platform ?? process.platform;
    if (platform === 'win32') {
      if (!this.#o.shell) return [];
      return parsePnpEntities(await this.#o.shell.run(PNP_COMMAND));
    }
    return scanSysfsUsb(this.#o.sysfsRoot ?? '/sys');
  }

  async sample(at: number): Promise<PeripheralsRecord> {
    return { kind: 'peripherals', at, devices: toDevices(await this.#raw(), this.#o.catalog) };
  }

  async tick(): Promise<void> {
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = true;
    try {
      const now = (this.#o.now ?? Date.now)();
      const t0 = performance.now();
      const record = await this.sample(now);
      this.#o.measure?.(performance.now() - t0);
      this.#o.onSample?.(record);
      const key = devicesKey(record.devices);
      if (shouldSendPeripherals(key, this.#last, now, this.#o.fullEveryMs ?? 900_000)) {
        this.#last = { key, at: now };
        this.#o.emit(record);
      }
    } catch (err) {
      (this.#o.log ?? silentLogger).warn('peripheral scan failed', { err: String(err) });
    } finally {
      this.#busy = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.tick();
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#hotplug?.stop();
    this.#hotplug = null;
  }
}
