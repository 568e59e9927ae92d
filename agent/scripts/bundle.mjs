// Single-file build of the agent: `pnpm --filter @wardwatch/agent bundle` →
// dist-bundle/wardwatch-agent.mjs, which runs with nothing but Node 20 (no node_modules).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const result = await build({
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
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(`dist-bundle/wardwatch-agent.mjs: ${(bytes / 1024).toFixed(0)} KB\n`);
