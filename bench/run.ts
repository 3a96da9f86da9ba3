#!/usr/bin/env node
/**
 * `npm run bench`: breakfix against the sqlite3 CLI and the sort/comm/join/awk
 * pipeline on the same generated fleets, timed as whole processes (median of
 * --runs after a warm-up), with a check that the three give byte-identical
 * view files. Prints a table and writes it to docs/benchmarks.md.
 *
 *   npm run bench -- [--sizes 10k,100k,1m] [--metrics 1m,10m] [--runs 3] [--seed 1]
 *                    [--queries exists|compound] [--no-docs] [--out bench/out] [--cli PATH]
 *                    [--steps imports,pass]
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compareOutputs, describeMismatch } from './compare-outputs.js';
import { HOST_LISTS } from './fleet-model.js';
import { BENCH_VIEWS, generateWorkspace, installWorkspaceFiles, parseCount, templateDir } from './generate.js';
import { describeMachine } from './machine.js';
import { measure, summarize, type RunSpec, type Sample, type Summary } from './measure.js';
import { formatReport, LEVERS_MARKER, type PassPhases, type Row } from './report.js';

interface Options {
  readonly sizes: readonly number[];
  readonly metrics: readonly number[];
  readonly runs: number;
  readonly seed: number;
  readonly out: string;
  readonly docs: boolean;
  readonly queries: 'exists' | 'compound';
  /** The breakfix CLI to time (default: this checkout's dist/bundle/breakfix.js); another build for before/after comparisons. */
  readonly cli: string;
  /** What to measure: per-kind imports, the passes, the sqlite3 CLI and shell baselines (the passes' check needs the baselines' files). */
  readonly steps: ReadonlySet<'imports' | 'pass'>;
}

const ROOT = resolve(templateDir(), '..', '..');
const DEFAULT_CLI = join(ROOT, 'dist', 'bundle', 'breakfix.js');
/** Bump when the generator's output changes, so cached data is regenerated. */
const GENERATOR_VERSION = 1;

function parseArgs(argv: readonly string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name}: expected a value`);
    return v;
  };
  const list = (v: string | undefined, dflt: string) => (v ?? dflt).split(',').filter((s) => s !== '').map(parseCount);
  const queries = get('--queries') ?? 'exists';
  if (queries !== 'exists' && queries !== 'compound') throw new Error(`--queries: expected exists or compound, got "${queries}"`);
  const runs = Number(get('--runs') ?? '3');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a whole number of at least 1');
  return {
    sizes: list(get('--sizes'), '10k,100k'),
    metrics: list(get('--metrics'), '1m'),
    runs,
    seed: Number(get('--seed') ?? '1'),
    out: resolve(get('--out') ?? join(ROOT, 'bench', 'out')),
    docs: !argv.includes('--no-docs'),
    queries,
    cli: resolve(get('--cli') ?? DEFAULT_CLI),
    steps: new Set(
      (get('--steps') ?? 'imports,pass').split(',').map((step) => {
        if (step !== 'imports' && step !== 'pass') throw new Error(`--steps: expected imports and/or pass, got "${step}"`);
        return step;
      }),
    ),
  };
}

/** Generated inputs for one fleet size, cached under out/data and reused while seed and generator are the same. */
interface FleetData {
  readonly hosts: number;
  readonly dir: string;
  readonly now: string;
  readonly rows: Readonly<Record<string, number>>;
}

function fleetData(opts: Options, hosts: number): FleetData {
  const dir = join(opts.out, 'data', `seed${opts.seed}-hosts${hosts}`);
  const stampFile = join(dir, 'generated.json');
  const stamp = { version: GENERATOR_VERSION, hosts, seed: opts.seed };
  if (existsSync(stampFile)) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as typeof stamp & { now: string; rows: Record<string, number> };
    if (saved.version === stamp.version && saved.hosts === hosts && saved.seed === opts.seed) return { hosts, dir, now: saved.now, rows: saved.rows };
  }
  rmSync(dir, { recursive: true, force: true });
  log(`generating a fleet of ${hosts} hosts (seed ${opts.seed}) in ${dir}`);
  const ws = generateWorkspace({ hosts, seed: opts.seed, out: dir, metricsVariant: true });
  writeFileSync(stampFile, JSON.stringify({ ...stamp, now: ws.now, rows: ws.rows }, null, 2) + '\n');
  return { hosts, dir, now: ws.now, rows: ws.rows };
}

/** A scratch workspace whose inputs are hard links to the cached data; `metrics(v)` swaps the metrics file. */
class BenchWorkspace {
  readonly dir: string;

  private readonly cli: string;

  constructor(
    readonly data: FleetData,
    opts: Options,
  ) {
    this.cli = opts.cli;
    this.dir = join(opts.out, 'work', `hosts${data.hosts}`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(join(this.dir, 'inputs'), { recursive: true });
    installWorkspaceFiles(this.dir, opts.queries);
    for (const f of ['inventory.tsv', ...HOST_LISTS]) linkSync(join(data.dir, 'inputs', f), join(this.dir, 'inputs', f));
    this.metrics(0);
  }

  metrics(variant: 0 | 1): void {
    const dest = join(this.dir, 'inputs', 'metrics.tsv');
    if (existsSync(dest)) unlinkSync(dest);
    linkSync(variant === 0 ? join(this.data.dir, 'inputs', 'metrics.tsv') : join(this.data.dir, 'metrics-v1.tsv'), dest);
  }

  resetRuns(): void {
    rmSync(join(this.dir, 'runs'), { recursive: true, force: true });
  }

  breakfix(...args: string[]): RunSpec {
    return { argv: [process.execPath, this.cli, '-C', this.dir, '-q', ...args], cwd: this.dir, env: { BREAKFIX_NOW: this.data.now, NO_COLOR: '1' } };
  }

  get day(): string {
    return this.data.now.slice(0, 10);
  }

  get totalRows(): number {
    return Object.values(this.data.rows).reduce((a, b) => a + b, 0);
  }
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** A command to time, and what to run untimed before each run of it (resetting state). */
interface Contender {
  readonly label: string;
  readonly spec: () => RunSpec;
  readonly before?: () => void;
}

/**
 * Time several commands round by round: each round runs every contender
 * once, in order, and the first round is a warm-up. Interleaving keeps the
 * ratios honest on a shared machine whose speed drifts over minutes: the
 * contenders of one comparison always share the same stretch of time.
 */
function timedRounds(opts: Options, contenders: readonly Contender[]): Summary[] {
  const samples: Sample[][] = contenders.map(() => []);
  for (let round = 0; round <= opts.runs; round++) {
    contenders.forEach((c, i) => {
      c.before?.();
      const s = measure(c.spec());
      if (round > 0) samples[i]!.push(s);
    });
  }
  return contenders.map((c, i) => {
    const sum = summarize(samples[i]!);
    log(`${c.label}: ${sum.seconds.toFixed(3)} s median of ${sum.runs}, peak RSS ${(sum.rssKiB / 1024).toFixed(0)} MiB`);
    return sum;
  });
}

/** The sqlite3 CLI importing one file into a fresh database: the comparison for `breakfix import`. */
function sqliteImport(ws: BenchWorkspace, file: string, table: string, columns: string): { spec: () => RunSpec; reset: () => void } {
  const script = join(ws.dir, `import-${table}.sqlite.sql`);
  const db = join(ws.dir, `import-${table}.db`);
  writeFileSync(script, `.bail on\n.mode tabs\nCREATE TABLE ${table} (${columns});\n.import ${file} ${table}\n`);
  return {
    reset: () => rmSync(db, { force: true }),
    spec: () => ({ argv: ['sqlite3', db], cwd: ws.dir, stdinFile: script }),
  };
}

const INVENTORY_COLUMNS_SQL =
  'hostname TEXT, ip TEXT, cluster TEXT, role TEXT, rack TEXT, data_group TEXT, lifecycle TEXT, service_ticket TEXT, hadoop_exclude TEXT, puppet_branch TEXT, kernel TEXT';

/**
 * One source into a fresh day database each run, like `.import` into a fresh
 * file: the load itself, like for like. (In a pass the other sources also
 * count the hosts the inventory does not know; the pass rows include that.)
 */
function benchImports(opts: Options, ws: BenchWorkspace, rows: Row[], withMetrics: boolean, withFleet: boolean): void {
  const hosts = ws.data.hosts;
  const kinds: { kind: string; source: string; file: string; table: string; columns: string; rows: number }[] = [];
  if (withFleet) {
    kinds.push(
      { kind: 'inventory (TSV)', source: 'inventory', file: 'inputs/inventory.tsv', table: 'inventory', columns: INVENTORY_COLUMNS_SQL, rows: ws.data.rows['inventory.tsv']! },
      { kind: 'hostlist (responsive)', source: 'responsive', file: 'inputs/responsive', table: 'responsive', columns: 'hostname TEXT', rows: ws.data.rows['responsive']! },
    );
  }
  if (withMetrics) {
    kinds.push({
      kind: 'metrics (TSV)',
      source: 'metrics',
      file: 'inputs/metrics.tsv',
      table: 'metric_samples',
      columns: 'ts INTEGER, hostname TEXT, metric TEXT, value REAL',
      rows: ws.data.rows['metrics.tsv']!,
    });
  }
  for (const k of kinds) {
    const cli = sqliteImport(ws, k.file, k.table, k.columns);
    const [bf, sq] = timedRounds(opts, [
      { label: `${hosts} hosts: breakfix import ${k.source}`, spec: () => ws.breakfix('import', k.source), before: () => ws.resetRuns() },
      { label: `${hosts} hosts: sqlite3 .import ${k.file}`, spec: cli.spec, before: cli.reset },
    ]) as [Summary, Summary];
    cli.reset();
    rows.push({ hosts, step: `import ${k.kind}`, rows: k.rows, breakfix: bf, sqlite: sq, shell: undefined, note: '' });
  }
}

/**
 * The steps of the first pass in the transcript (the last round's cold
 * pass): the time from each step's last line to the next one's.
 */
function coldPassPhases(ws: BenchWorkspace): PassPhases {
  const lines = readFileSync(join(ws.dir, 'runs', ws.day, 'transcript.log'), 'utf8').split('\n');
  const end = lines.findIndex((l) => / summary pass 1 /.test(l));
  const at = (l: string) => Date.parse(l.slice(0, l.indexOf(' ')));
  const step = (l: string) => l.split(' ')[1]!;
  const phases: [string, number][] = [];
  let from = at(lines[0]!);
  for (let i = 1; i <= end; i++) {
    const name = step(lines[i]!);
    if (i < end && step(lines[i + 1]!) === name) continue;
    phases.push([name === 'summary' ? 'summary' : name, (at(lines[i]!) - from) / 1000]);
    from = at(lines[i]!);
  }
  return { hosts: ws.data.hosts, phases };
}

function benchPass(opts: Options, ws: BenchWorkspace, rows: Row[], phases: PassPhases[]): void {
  const hosts = ws.data.hosts;
  const total = ws.totalRows;
  const shellOut = join(ws.dir, 'out-shell');
  const shellTmp = join(ws.dir, 'tmp-shell');
  const sqliteDb = join(ws.dir, 'views.db');
  const sqliteOut = join(ws.dir, 'out-sqlite');
  const pass = ws.breakfix('pass');
  // One round: the shell pipeline, the sqlite3 script, then breakfix cold,
  // repeated with nothing changed, and repeated with new metrics. Every cold
  // pass's files are checked against the other two: a fast wrong answer must
  // not pass unnoticed.
  const [shell, sqlite, cold, repeat, metricsOnly] = timedRounds(opts, [
    {
      label: `${hosts} hosts: shell pipeline`,
      spec: () => ({ argv: ['sh', join(ws.dir, 'pipeline.sh'), join(ws.dir, 'inputs'), shellOut, shellTmp], cwd: ws.dir }),
      before: () => {
        rmSync(shellOut, { recursive: true, force: true });
        rmSync(shellTmp, { recursive: true, force: true });
      },
    },
    {
      label: `${hosts} hosts: sqlite3 CLI script`,
      spec: () => ({ argv: ['sqlite3', sqliteDb], cwd: ws.dir, stdinFile: join(ws.dir, 'views.sqlite.sql') }),
      before: () => {
        rmSync(sqliteDb, { force: true });
        rmSync(sqliteOut, { recursive: true, force: true });
        mkdirSync(sqliteOut, { recursive: true });
      },
    },
    {
      label: `${hosts} hosts: breakfix pass, cold`,
      spec: () => pass,
      before: () => {
        ws.resetRuns();
        ws.metrics(0);
      },
    },
    {
      label: `${hosts} hosts: breakfix pass, inputs unchanged`,
      spec: () => pass,
      before: () => {
        const mismatches = compareOutputs(BENCH_VIEWS, { shell: shellOut, sqlite3: sqliteOut, breakfix: join(ws.dir, 'runs', ws.day) });
        if (mismatches.length > 0) throw new Error(`outputs differ (${hosts} hosts):\n${mismatches.map(describeMismatch).join('\n')}`);
      },
    },
    { label: `${hosts} hosts: breakfix pass, metrics changed`, spec: () => pass, before: () => ws.metrics(1) },
  ]) as [Summary, Summary, Summary, Summary, Summary];
  ws.metrics(0);
  rmSync(shellTmp, { recursive: true, force: true });
  rmSync(sqliteDb, { force: true });
  log(`${hosts} hosts: the ${BENCH_VIEWS.length} views are byte-identical across breakfix, sqlite3 and the shell`);
  rows.push({ hosts, step: 'cold pass (import, views, export, plan)', rows: total, breakfix: cold, sqlite, shell, note: '' });
  const p = coldPassPhases(ws);
  phases.push(p);
  log(`${hosts} hosts: breakfix's last cold pass: ${p.phases.map(([step, sec]) => `${step} ${sec.toFixed(2)} s`).join(', ')}`);
  rows.push({ hosts, step: 'repeat pass, inputs unchanged', rows: total, breakfix: repeat, sqlite: undefined, shell: undefined, note: `${(repeat.seconds / cold.seconds).toFixed(2)}× cold` });
  rows.push({ hosts, step: 'repeat pass, metrics changed', rows: total, breakfix: metricsOnly, sqlite: undefined, shell: undefined, note: `${(metricsOnly.seconds / cold.seconds).toFixed(2)}× cold` });
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.cli)) throw new Error(`${opts.cli} is missing: run npm run build first (npm run bench does)`);
  const rows: Row[] = [];
  const phases: PassPhases[] = [];
  const metricHosts = new Set(opts.metrics.map((m) => Math.round(m / 10)));
  const fleetHosts = [...new Set([...opts.sizes, ...metricHosts])].sort((a, b) => a - b);
  for (const hosts of fleetHosts) {
    const data = fleetData(opts, hosts);
    const ws = new BenchWorkspace(data, opts);
    const isFleet = opts.sizes.includes(hosts);
    if (opts.steps.has('imports')) benchImports(opts, ws, rows, metricHosts.has(hosts), isFleet);
    if (isFleet && opts.steps.has('pass')) benchPass(opts, ws, rows, phases);
    ws.resetRuns();
  }
  const command = `npm run bench -- --sizes ${opts.sizes.map(formatCount).join(',')} --metrics ${opts.metrics.map(formatCount).join(',')} --runs ${opts.runs}${opts.queries === 'compound' ? ' --queries compound' : ''}${opts.cli !== DEFAULT_CLI ? ` --cli ${opts.cli}` : ''}${opts.steps.size < 2 ? ` --steps ${[...opts.steps].join(',')}` : ''}`;
  const report = formatReport({ rows, phases, machine: describeMachine(), date: new Date().toISOString().slice(0, 10), command, runs: opts.runs, queries: opts.queries });
  process.stdout.write(report.table + '\n');
  if (opts.docs) {
    const file = join(ROOT, 'docs', 'benchmarks.md');
    mkdirSync(dirname(file), { recursive: true });
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const levers = previous.includes(LEVERS_MARKER) ? previous.slice(previous.indexOf(LEVERS_MARKER)) : '';
    writeFileSync(file, levers === '' ? report.markdown : `${report.markdown}\n${levers}`);
    log(`wrote ${file}`);
  }
}

function formatCount(n: number): string {
  return n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
