// Single-file build of the agent: `pnpm --filter @wardwatch/agent bundle` →
// dist-bundle/wardwatch-agent.mjs, which runs with nothing but Node 20 (no node_modules).
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

await build({
  entryPoints: [here('../src/cli/main.ts')],
  outfile: here('../dist-bundle/wardwatch-agent.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The CLI uses top-level await, so ESM; bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __wwCreateRequire } from 'node:module'; const require = __wwCreateRequire(import.meta.url);",
  },
  alias: { '@wardwatch/shared': here('../../shared/src/index.ts') },
  // ws's optional native speed-ups; it falls back to JS without them.
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'eof',
  // Smaller source text is less memory in V8 on a ward PC (the budget is 60 MB RSS).
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
const outfile = here('../dist-bundle/wardwatch-agent.mjs');
const text = asciiOnly(await readFile(outfile, 'utf8'));
await writeFile(outfile, text);
process.stdout.write(`dist-bundle/wardwatch-agent.mjs: ${(text.length / 1024).toFixed(0)} KB\n`);

/**
 * esbuild escapes non-ASCII in strings but leaves it in regex literals (the Vietnamese ping
 * and USB patterns). One such character makes V8 hold the whole source as a two-byte string:
 * 1.3 MB instead of 0.7 MB for as long as the agent runs. `\uXXXX` means the same code unit in
 * a string, a template, a regex (with or without the u flag) and a comment.
 */
function asciiOnly(source) {
  // `\đ` would turn into `\\u0111` (a backslash, then text): never expected, so refuse it.
  if (/\\[\u0080-\uffff]/.test(source)) throw new Error('bundle: escaped non-ASCII character');
  const out = source.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (/[\u0080-\uffff]/.test(out)) throw new Error('bundle: non-ASCII left in the output');
  return out;
}
