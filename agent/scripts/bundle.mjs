// Single-file build of the agent: `pnpm --filter @wardwatch/agent bundle` →
// dist-bundle/wardwatch-agent.mjs, which runs with nothing but Node 20 (no node_modules).
// `node scripts/bundle.mjs OUT` writes it to OUT instead (a test that runs it elsewhere).
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outfile = process.argv[2]
  ? resolve(process.argv[2])
  : here('../dist-bundle/wardwatch-agent.mjs');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  alias: {
    '@wardwatch/shared/agent': here('../../shared/src/agent.ts'),
    '@wardwatch/shared': here('../../shared/src/index.ts'),
  },
  // Smaller source text is less memory in V8 on a ward PC (the budget is 60 MB RSS).
  minify: true,
  keepNames: true,
  logLevel: 'warning',
};

// Cold code, apart from the agent's own source: TypeBox and the schemas (they only explain a
// failed check, explain.ts) and systeminformation (only the `__inventory` child runs it). V8
// creates function info for every function in a script's source, called or not: bundled in,
// these cost ≈ 3 MB of the running agent's RSS. Each is built on its own and imported from a
// data: URL, a string V8 only scans, when it is needed.
const REQUIRE_SHIM =
  "import { createRequire as __wwCreateRequire } from 'node:module'; const require = __wwCreateRequire(process.execPath);";
async function coldModule(entry) {
  const out = await build({
    ...common,
    entryPoints: [here(entry)],
    outfile: 'cold.mjs',
    write: false,
    metafile: true,
    banner: { js: REQUIRE_SHIM },
  });
  const names = Object.values(out.metafile.outputs)[0].exports;
  // Deflated: the source string stays in the agent's heap, ≈ 4× smaller this way.
  const packed = deflateRawSync(out.outputFiles[0].contents, { level: 9 }).toString('base64url');
  const loader = [
    "import { inflateRawSync } from 'node:zlib';",
    `const m = await import('data:text/javascript;base64,' + inflateRawSync(Buffer.from('${packed}', 'base64url')).toString('base64'));`,
    `export const { ${names.join(', ')} } = m;`,
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(loader)}`;
}
const cold = {
  './explain-typebox.js': await coldModule('../src/explain-typebox.ts'),
  '../collectors/inventory.js': await coldModule('../src/collectors/inventory.ts'),
};

await build({
  ...common,
  entryPoints: [here('../src/cli/main.ts')],
  outfile,
  // The CLI uses top-level await, so ESM; bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __wwCreateRequire } from 'node:module'; const require = __wwCreateRequire(import.meta.url);",
  },
  // ws's optional native speed-ups; it falls back to JS without them.
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'eof',
  plugins: [
    {
      name: 'cold-modules',
      setup(b) {
        b.onResolve({ filter: /^(\.\/explain-typebox|\.\.\/collectors\/inventory)\.js$/ }, (a) => ({
          path: cold[a.path],
          external: true,
        }));
      },
    },
  ],
});
const text = asciiOnly(await readFile(outfile, 'utf8'));
await writeFile(outfile, text);
process.stdout.write(`${outfile}: ${(text.length / 1024).toFixed(0)} KB\n`);

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
