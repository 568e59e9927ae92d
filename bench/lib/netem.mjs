import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './machine.mjs';
import { tempDir } from './tmp.mjs';

/**
 * The netem tests' namespace + link-emulator helper (tests/netem/netns.ts), reused rather
 * than copied: transpiled with the agent's esbuild into a temp module (its ROOT pinned to
 * the repo, since the copy lives elsewhere). Null (with the reason) when it is unavailable.
 */
export async function loadNetem() {
  const src = join(ROOT, 'tests', 'netem', 'netns.ts');
  let esbuild;
  try {
    esbuild = createRequire(join(ROOT, 'agent', 'package.json'))('esbuild');
  } catch {
    return { netem: null, reason: 'esbuild (agent devDependency) is not installed' };
  }
  let code;
  try {
    code = readFileSync(src, 'utf8');
  } catch {
    return { netem: null, reason: 'tests/netem/netns.ts does not exist' };
  }
  const js = esbuild
    .transformSync(code, { loader: 'ts', format: 'esm', target: 'node20' })
    .code.replace(
      /new URL\(["']\.\.\/\.\.["'], import\.meta\.url\)/,
      JSON.stringify(pathToFileURL(`${ROOT}/`).href),
    );
  const file = join(tempDir('netem'), 'netns.mjs');
  writeFileSync(file, js);
  const netem = await import(pathToFileURL(file).href);
  const reason = netem.netemSkipReason();
  return reason ? { netem: null, reason } : { netem, reason: null };
}
