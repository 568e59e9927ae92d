import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './machine.mjs';
import { tempDir } from './tmp.mjs';

/**
 * A TypeScript module of the tests (e.g. `tests/netem/netns.ts`), reused rather than copied:
 * transpiled with the agent's esbuild into a temp module (its ROOT pinned to the repo, since
 * the copy lives elsewhere). Null (with the reason) when it is unavailable.
 */
export async function importTs(relPath) {
  let esbuild;
  try {
    esbuild = createRequire(join(ROOT, 'agent', 'package.json'))('esbuild');
  } catch {
    return { module: null, reason: 'esbuild (agent devDependency) is not installed' };
  }
  let code;
  try {
    code = readFileSync(join(ROOT, relPath), 'utf8');
  } catch {
    return { module: null, reason: `${relPath} does not exist` };
  }
  const js = esbuild
    .transformSync(code, { loader: 'ts', format: 'esm', target: 'node20' })
    .code.replace(
      /new URL\(["']\.\.\/\.\.["'], import\.meta\.url\)/,
      JSON.stringify(pathToFileURL(`${ROOT}/`).href),
    );
  const name = basename(relPath, '.ts');
  const file = join(tempDir(name), `${name}.mjs`);
  writeFileSync(file, js);
  return { module: await import(pathToFileURL(file).href), reason: null };
}
