#!/usr/bin/env node
/**
 * Bundle breakfix's programs into dist/bundle/ with esbuild, after tsc has
 * type-checked and compiled the project (npm run build).
 *
 * Why: every command is a short-lived process, and on these machines loading
 * a few hundred ES modules file by file costs more than the work of many
 * commands. Kysely alone (~300 modules, needed on the first import of every
 * day for the migrations) took 0.3-0.45 s to load unbundled and 0.05 s as
 * one file. The bundle is what package.json's bin, the demo, the example
 * workspace and the integration tests run; dist/src/ (tsc's output) stays
 * for the benchmark scripts and anything that imports modules one by one.
 *
 * Layout: one flat directory, so that `new URL('./parse-worker.js',
 * import.meta.url)` finds the worker beside whatever chunk asks for it, as
 * it does beside the module in dist/src/. better-sqlite3 is a native addon
 * and stays external; commands loaded on demand become chunks of their own.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bundle');

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    breakfix: 'src/cli/main.ts',
    'parse-worker': 'src/sources/parse-worker.ts',
    'export-worker': 'src/export/export-worker.ts',
    sim: 'src/sim/cli.ts',
    demo: 'src/demo/main.ts',
    'breakfix-exclude': 'src/hostfile/main.ts',
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // canvas: Vega tries to import it for text metrics and does without it
  // (charts are drawn to SVG); it is not a dependency, so leave the import to fail at run time.
  external: ['better-sqlite3', 'canvas'],
  sourcemap: true,
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS dependencies (commander) call require() for Node's own modules.
  banner: { js: "import { createRequire as __bfCreateRequire } from 'node:module'; const require = __bfCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
