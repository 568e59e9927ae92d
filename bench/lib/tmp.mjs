import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp dir, removed when the process exits unless `--keep` asked otherwise. */
export function tempDir(prefix, keep = false) {
  const dir = mkdtempSync(join(tmpdir(), `wardwatch-bench-${prefix}-`));
  if (!keep) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
