#!/usr/bin/env node
/**
 * What each engine lever buys: builds variants of this checkout with one
 * lever turned back off (a small source patch each), times them with the same
 * harness as `npm run bench` (bench/run.ts --cli), and prints a table of
 * medians and ratios against the full build, measured in the same run.
 *
 *   npm run build && node dist/bench/levers.js [--sizes 100k] [--runs 3] [--only a,b] [--steps pass,small] [--docs]
 *
 * --docs writes the table into docs/benchmarks.md after the LEVERS_MARKER line.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { templateDir } from './generate.js';
import { LEVERS_MARKER } from './report.js';

const ROOT = resolve(templateDir(), '..', '..');

interface Patch {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

interface Lever {
  readonly name: string;
  /** What the variant does instead. */
  readonly without: string;
  readonly patches: readonly Patch[];
  /** Use the stock views as they were before (their old SQL), kept in bench/levers/queries-before. */
  readonly oldStockViews?: boolean;
  /** Time tsc's module-by-module output (dist/src/cli/main.js) instead of the bundle. */
  readonly unbundled?: boolean;
}

const LEVERS: readonly Lever[] = [
  { name: 'all levers', without: '(nothing: the build as it is)', patches: [] },
  {
    name: 'lazy command loading',
    without: 'every command module loaded at start, as before',
    patches: [{ file: 'src/cli/main.ts', from: 'const match = COMMAND_MODULES.find(', to: 'const match = undefined && COMMAND_MODULES.find(' }],
  },
  {
    name: 'parallel export',
    without: 'view files written on one thread',
    patches: [{ file: 'src/export/parallel-export.ts', from: 'if (jobs < 2 || ', to: 'if (jobs >= 0 || ' }],
  },
  {
    name: 'rollback journal for the first import',
    without: 'WAL for every import',
    patches: [{ file: 'src/db/bulk-load-journal.ts', from: '  if (!fresh) return false;', to: '  if (fresh || !fresh) return false;' }],
  },
  {
    name: 'cache sizes (8 MiB, 256 MiB for keyed loads)',
    without: 'one 64 MiB cache, as before',
    patches: [
      { file: 'src/db/open.ts', from: 'export const CACHE_KIB = 8192;', to: 'export const CACHE_KIB = 65536;' },
      { file: 'src/db/open.ts', from: 'export const BULK_LOAD_CACHE_KIB = 262144;', to: 'export const BULK_LOAD_CACHE_KIB = 65536;' },
    ],
  },
  {
    name: 'specialised metrics TSV loader',
    without: 'metrics TSV through the generic delimited reader',
    patches: [{ file: 'src/sources/load-fixed.ts', from: "if (src.format === 'tsv' && src.header !== true) {", to: "if (src.format === 'tsv' && src.header === 'never') {" }],
  },
  {
    name: 'batches of 512 parameters',
    without: 'batches of 96 parameters, as before',
    patches: [{ file: 'src/db/bulk-insert.ts', from: 'const PARAMETERS_PER_BATCH = 512;', to: 'const PARAMETERS_PER_BATCH = 96;' }],
  },
  {
    name: 'hostname fast path',
    without: 'every hostname through the full normaliser',
    patches: [{ file: 'src/sources/host-normalizer.ts', from: 'if (raw.length <= 253 && CANONICAL_FQDN.test(raw)) {', to: 'if (raw.length < 0 && CANONICAL_FQDN.test(raw)) {' }],
  },
  {
    name: 'stock view rewrites',
    without: 'unresponsive and unmatched-metrics as they were written before',
    patches: [],
    oldStockViews: true,
  },
  {
    name: 'bundled programs',
    without: "tsc's output, loaded module by module",
    patches: [],
    unbundled: true,
  },
  {
    name: 'parse on a worker thread',
    without: 'every input parsed on the inserting thread',
    patches: [{ file: 'src/sources/parse-in-worker.ts', from: 'export const PARSE_WORKER_MIN_BYTES = 32 * 1024 * 1024;', to: 'export const PARSE_WORKER_MIN_BYTES = Number.POSITIVE_INFINITY;' }],
  },
  {
    name: 'inventory clustered by hostname',
    without: 'a rowid inventory with a unique hostname index',
    patches: [{ file: 'src/sources/delimited-table.ts', from: "key: src.kind === 'inventory' ? 'clustered' : 'none'", to: "key: src.kind === 'inventory' ? 'index' : 'none'" }],
  },
  {
    name: 'hash of an unchanged file reused',
    without: 'every input read and hashed on every pass',
    patches: [{ file: 'src/sources/fingerprint.ts', from: 'if (known?.sha256 && previous !== undefined', to: 'if (known === null && previous !== undefined' }],
  },
  {
    name: 'population counts kept per version',
    without: 'each population counted on every pass',
    patches: [
      {
        file: 'src/pass/gather.ts',
        from: "const cached = db.prepare('SELECT sizes FROM population_cache WHERE population = ? AND version = ?').pluck().get(key, version) as string | undefined;",
        to: 'const cached = undefined as string | undefined;',
      },
    ],
  },
  {
    name: 'settings fingerprinted by content',
    without: 'a view reading settings re-exported on every pass',
    patches: [{ file: 'src/export/export-views.ts', from: "dataVersion.set('settings', `settings:${settingsHash(db)}`);", to: "dataVersion.set('settings', `volatile:${Date.now()}`);" }],
  },
  {
    name: 'plan from the exported files',
    without: 'candidates and in-progress views queried again to plan',
    patches: [{ file: 'src/pass/run-pass.ts', from: 'viewFiles: new Map(exported.map((e) => [e.view, e])),', to: 'viewFiles: undefined,' }],
  },
  {
    name: 'zod imported as a namespace and parsing jitless',
    without: "import { z } (every locale bundled), zod's JIT compiling the config schema",
    patches: [
      { file: 'src/config/schema.ts', from: "import * as z from 'zod';", to: "import { z } from 'zod';" },
      { file: 'src/config/schema.ts', from: 'z.config({ jitless: true });', to: '' },
      { file: 'src/export/manifest.ts', from: "import * as z from 'zod';", to: "import { z } from 'zod';" },
    ],
  },
  {
    name: 'clock windows for reads-clock views',
    without: 'unresponsive (and what reads it) re-exported whenever the clock moves',
    patches: [{ file: 'src/export/export-views.ts', from: "if (id === 'settings' && v.clock === 'sample-age' && clockKey() !== undefined) {", to: "if (id === 'settings' && v.clock === 'never' && clockKey() !== undefined) {" }],
  },
  {
    name: 'query and explain from current view files',
    without: 'every view computed again by query and explain',
    patches: [{ file: 'src/ops/current-view-file.ts', from: '    if (entry === undefined) return undefined;', to: '    if (entry === undefined || entry !== undefined) return undefined;' }],
  },
  {
    name: 'bare --version loads no command',
    without: 'every command module (and the config parsers) loaded for --version',
    patches: [{ file: 'src/cli/main.ts', from: "if (named === undefined && (argv.includes('-V')", to: "if (named === 'never' && (argv.includes('-V')" }],
  },
  {
    name: 'export in index order',
    without: 'every view sorted by its TEXT values',
    patches: [{ file: 'src/export/write-view.ts', from: 'const orders = needsSort(db, byColumns) ? [byText] : [byColumns, byText];', to: 'const orders = [byText];' }],
  },
];

function parseArgs(argv: readonly string[]): { sizes: string; runs: string; only: Set<string> | undefined; docs: boolean; steps: string } {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const only = get('--only');
  return {
    sizes: get('--sizes') ?? '100k',
    runs: get('--runs') ?? '3',
    only: only === undefined ? undefined : new Set(only.split(',')),
    docs: argv.includes('--docs'),
    steps: get('--steps') ?? 'pass',
  };
}

/** A copy of the sources with the lever's patches, built into its own dist/ (its own migrations/ and queries/ too). */
function buildVariant(lever: Lever, index: number): string {
  const dir = join(ROOT, 'bench', 'out', 'levers', `v${index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // bench/ without bench/out/ (where the variants themselves live: cpSync refuses to copy a directory into itself).
  const benchEntries = readdirSync(join(ROOT, 'bench')).filter((e) => e !== 'out').map((e) => join('bench', e));
  for (const entry of ['src', ...benchEntries, 'scripts', 'migrations', 'queries', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  for (const p of lever.patches) {
    const file = join(dir, p.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(p.from)) throw new Error(`lever "${lever.name}": ${p.file} no longer contains ${JSON.stringify(p.from)}; update bench/levers.ts`);
    writeFileSync(file, text.replace(p.from, p.to));
  }
  if (lever.oldStockViews) cpSync(join(ROOT, 'bench', 'levers', 'queries-before'), join(dir, 'queries'), { recursive: true });
  // Bundled like the real build (scripts/bundle.mjs): esbuild compiles the TypeScript itself, and resolves the
  // dependencies from this checkout's node_modules through the symlink.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (lever.unbundled) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.build.json')], { cwd: dir, stdio: 'inherit' });
    return join(dir, 'dist', 'src', 'cli', 'main.js');
  }
  execFileSync(process.execPath, [join(dir, 'scripts', 'bundle.mjs')], { cwd: dir, stdio: 'inherit' });
  return join(dir, 'dist', 'bundle', 'breakfix.js');
}

interface Timing {
  readonly step: string;
  readonly hosts: string;
  readonly seconds: number;
}

/** Run bench/run.js on a variant's CLI and read the breakfix seconds of each row back from its table. */
function timeVariant(cli: string, sizes: string, runs: string, steps: string): Timing[] {
  const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'bench', 'run.js'), '--sizes', sizes, '--metrics', '', '--runs', runs, '--steps', steps, '--no-docs', '--cli', cli], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const timings: Timing[] = [];
  for (const line of out.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || cells[1] === 'hosts' || /^[-:]+$/.test(cells[1]!)) continue;
    timings.push({ hosts: cells[1]!, step: cells[2]!, seconds: Number(cells[4]) });
  }
  return timings;
}

/**
 * The full build is timed again just before each variant, and each variant
 * is compared with that run of it: on these shared machines the speed drifts
 * by tens of percent over the half hour a whole table takes, which a single
 * baseline timed at the start turned into "savings" of either sign.
 */
function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = LEVERS.map((l, i) => [l, i] as const).filter(([l, i]) => i > 0 && (opts.only === undefined || opts.only.has(l.name)));
  const baseCli = buildVariant(LEVERS[0]!, 0);
  const results: { lever: Lever; base: Timing[]; timings: Timing[] }[] = [];
  for (const [lever, i] of chosen) {
    const cli = buildVariant(lever, i);
    process.stderr.write(`levers: timing the full build, then "${lever.name}" turned off\n`);
    const base = timeVariant(baseCli, opts.sizes, opts.runs, opts.steps);
    results.push({ lever, base, timings: timeVariant(cli, opts.sizes, opts.runs, opts.steps) });
  }
  if (results.length === 0) throw new Error('levers: no lever chosen (see --only)');
  const steps = results[0]!.base.map((t) => `${t.hosts} ${t.step.replace(' (import, views, export, plan)', '').replace('repeat pass, ', '')}`);
  const header = ['lever turned off', 'instead', ...steps.map((s) => `${s}: full s → without s`), ...steps.map((s) => `${s} ×`)];
  const rows = results.map(({ lever, base, timings }) => [
    lever.name,
    lever.without,
    ...timings.map((t, k) => `${base[k]!.seconds.toFixed(2)} → ${t.seconds.toFixed(2)}`),
    ...timings.map((t, k) => `${(t.seconds / base[k]!.seconds).toFixed(2)}×`),
  ]);
  const table = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(table + '\n');
  if (opts.docs) {
    const file = join(ROOT, 'docs', 'benchmarks.md');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const head = before.includes(LEVERS_MARKER) ? before.slice(0, before.indexOf(LEVERS_MARKER)) : `${before.trimEnd()}\n\n`;
    const only = opts.only === undefined ? '' : ` --only '${[...opts.only].join(',')}'`;
    const section = [
      LEVERS_MARKER,
      '## What each lever buys',
      '',
      `Each row is the full build with one lever turned back off (\`node dist/bench/levers.js --sizes ${opts.sizes} --runs ${opts.runs}${only}\`), timed right after a run of the full build; × is the variant's time over that run's, so above 1× is what the lever saves. Differences within ±10% are this machine's noise.`,
      '',
      table,
      '',
    ].join('\n');
    writeFileSync(file, head + section);
    process.stderr.write(`levers: wrote ${file}\n`);
  }
}

main();
