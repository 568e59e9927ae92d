import { execFile } from 'node:child_process';
import type { EventRecord } from '@wardwatch/shared';
import { explain } from '../explain.js';
import { agentFlagsOf } from '../node-flags.js';
import { isEventRecord } from '../validators.gen.js';

/** Hidden CLI command that prints one inventory record as JSON (see cli/main.ts). */
export const INVENTORY_COMMAND = '__inventory';

/**
 * The static inventory in a short-lived child (`wardwatch-agent __inventory`): systeminformation
 * is never loaded into the long-running agent (≈15 MB of RSS), and a hung call is ended by
 * killing the child at the deadline. Runs at start and daily, never on a probe timer.
 */
export function collectInventoryInChild(
  at: number,
  deadlineMs = 30_000,
  script = process.argv[1] ?? '',
): Promise<EventRecord> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      // The service's memory flags too: the child is a whole node process of its own.
      [...agentFlagsOf(process.execArgv), script, INVENTORY_COMMAND, String(at)],
      { timeout: deadlineMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        if (err) return reject(new Error(`inventory child failed: ${err.message}`));
        let record: unknown;
        try {
          record = JSON.parse(String(stdout));
        } catch (e) {
          return reject(new Error(`inventory child printed junk: ${(e as Error).message}`));
        }
        if (isEventRecord(record)) return resolve(record);
        void explain('event', record).then((why) =>
          reject(new Error(`inventory child printed junk: not an event record: ${why}`)),
        );
      },
    );
  });
}
