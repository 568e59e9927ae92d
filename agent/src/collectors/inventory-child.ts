import { execFile } from 'node:child_process';
import { EventRecordSchema, compileValidator, type EventRecord } from '@wardwatch/shared';

/** Hidden CLI command that prints one inventory record as JSON (see cli/main.ts). */
export const INVENTORY_COMMAND = '__inventory';
const isEvent = compileValidator(EventRecordSchema);

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
      [script, INVENTORY_COMMAND, String(at)],
      { timeout: deadlineMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        if (err) return reject(new Error(`inventory child failed: ${err.message}`));
        try {
          const record: unknown = JSON.parse(String(stdout));
          if (!isEvent.check(record)) throw new Error('not an event record');
          resolve(record);
        } catch (e) {
          reject(new Error(`inventory child printed junk: ${(e as Error).message}`));
        }
      },
    );
  });
}
