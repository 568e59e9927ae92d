#!/usr/bin/env node
// Fails the build when the console's JavaScript exceeds its budget (DESIGN §6: ≤ 300 KB
// gzipped), and prints the size either way. Run after `vite build`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));

let files;
try {
  files = readdirSync(assets).filter((f) => f.endsWith('.js'));
} catch {
  console.error(`check-bundle: no ${assets} — run vite build first`);
  process.exit(1);
}

let total = 0;
for (const file of files) {
  const gz = gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
  total += gz;
  console.log(`check-bundle: ${file} ${(gz / 1024).toFixed(1)} KB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? 'ok' : 'OVER BUDGET';
console.log(
  `check-bundle: JS total ${(total / 1024).toFixed(1)} KB gzipped, budget ${BUDGET_BYTES / 1024} KB: ${verdict}`,
);
if (total > BUDGET_BYTES) process.exit(1);
