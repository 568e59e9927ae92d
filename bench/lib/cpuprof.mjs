import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile } from '../profile-summary.mjs';

/**
 * The main thread's .cpuprofile in `dir` (the newest whose thread id is 0; worker threads,
 * e.g. the server's WAL checkpointer, write their own) and its summary (null when none).
 */
export function newestProfile(dir, top = 15) {
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile
  const main = files.filter((f) => f.split('.')[4] === '0');
  const newest = (main.length > 0 ? main : files)
    .map((f) => ({ f: join(dir, f), m: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.m - a.m)[0].f;
  return { file: newest, summary: summarizeProfile(JSON.parse(readFileSync(newest, 'utf8')), top) };
}
