import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Linux USB hot-plug without udev bindings: the kernel's devtmpfs creates and removes a node
 * under `/dev/bus/usb/<bus>/` for every device, and those changes reach inotify (sysfs
 * itself sends none). Watches the root (new buses) and each bus directory; calls `onChange`
 * once per burst, `debounceMs` after the last event, so a composite device's several nodes
 * cost one rescan. Missing root (not Linux, no USB, a container): no watch, polling only.
 */
export class UsbHotplugWatcher {
  readonly #root: string;
  readonly #debounceMs: number;
  readonly #onChange: () => void;
  readonly #watchers = new Map<string, FSWatcher>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(opts: { root?: string; debounceMs?: number; onChange: () => void }) {
    this.#root = opts.root ?? '/dev/bus/usb';
    this.#debounceMs = opts.debounceMs ?? 1000;
    this.#onChange = opts.onChange;
  }

  /** Resolves once the watches are in place; false when there is nothing to watch. */
  async start(): Promise<boolean> {
    if (!this.#watch(this.#root, () => void this.#watchBuses())) return false;
    await this.#watchBuses();
    return true;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }

  async #watchBuses(): Promise<void> {
    const entries = await readdir(this.#root, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) this.#watch(join(this.#root, e.name), () => undefined);
    }
  }

  #watch(dir: string, then: () => void): boolean {
    if (this.#stopped || this.#watchers.has(dir)) return this.#watchers.has(dir);
    try {
      const w = watch(dir, { persistent: false }, () => {
        then();
        this.#changed();
      });
      // A bus directory that goes away (controller removed) just ends its watch.
      w.on('error', () => {
        w.close();
        this.#watchers.delete(dir);
      });
      this.#watchers.set(dir, w);
      return true;
    } catch {
      return false;
    }
  }

  #changed(): void {
    if (this.#stopped || this.#watchers.size === 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) this.#onChange();
    }, this.#debounceMs);
    this.#timer.unref();
  }
}
