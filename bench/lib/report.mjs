import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, machineInfo } from './machine.mjs';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** Print rows (objects with the same keys) as an aligned text table. */
export function printTable(title, rows) {
  process.stdout.write(`\n== ${title} ==\n`);
  if (rows.length === 0) {
    process.stdout.write('(no rows)\n');
    return;
  }
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) =>
    v === null || v === undefined ? '—' : typeof v === 'number' ? String(v) : String(v);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => cell(r[k]).length)));
  const line = (vals) =>
    vals
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(keys)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(keys.map((k) => cell(r[k])))}\n`);
}

/** Write `bench/results/<name>.json` with the machine and commit beside the result. */
export function writeResult(name, { quick, result, table }) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const doc = {
    scenario: name,
    quick,
    at: new Date().toISOString(),
    machine: machineInfo(),
    table,
    result,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
