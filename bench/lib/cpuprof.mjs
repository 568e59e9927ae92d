import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile } from '../profile-summary.mjs';

/** The newest .cpuprofile in `dir` and its summary (null when none was written). */
export function newestProfile(dir, top = 15) {
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const newest = files
    .map((f) => ({ f: join(dir, f), m: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.m - a.m)[0].f;
  return { file: newest, summary: summarizeProfile(JSON.parse(readFileSync(newest, 'utf8')), top) };
}
