#!/usr/bin/env node
/**
 * `npm run bench`: breakfix against the sqlite3 CLI and the sort/comm/join/awk
 * pipeline on the same generated fleets, timed as whole processes (median of
 * --runs after a warm-up), with a check that the three give byte-identical
 * view files. Prints a table and writes it to docs/benchmarks.md.
 *
 *   npm run bench -- [--sizes 10k,100k,1m] [--metrics 1m,10m] [--runs 3] [--seed 1]
 *                    [--queries exists|compound] [--no-docs] [--out bench/out] [--cli PATH]
 *                    [--steps imports,pass,small]
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compareOutputs, describeMismatch } from './compare-outputs.js';
import { HOST_LISTS } from './fleet-model.js';
import { BENCH_VIEWS, generateWorkspace, installWorkspaceFiles, parseCount, templateDir } from './generate.js';
import { describeMachine } from './machine.js';
import { keptRounds, measure, summarize, type RunSpec, type Sample, type Summary } from './measure.js';
import { formatReport, LEVERS_MARKER, type PassPhases, type Row, type SmallTimes, type Spread } from './report.js';

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
  readonly steps: ReadonlySet<Step>;
}

const STEPS = ['imports', 'pass', 'small'] as const;
type Step = (typeof STEPS)[number];

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
      (get('--steps') ?? STEPS.join(',')).split(',').map((step) => {
        if (!(STEPS as readonly string[]).includes(step)) throw new Error(`--steps: expected some of ${STEPS.join(', ')}, got "${step}"`);
        return step as Step;
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
    return this.breakfixAt(0, ...args);
  }

  /** breakfix with the clock `minutes` after the fleet's (a repeat pass later in the day). */
  breakfixAt(minutes: number, ...args: string[]): RunSpec {
    const now = new Date(Date.parse(this.data.now) + minutes * 60_000).toISOString();
    return { argv: [process.execPath, this.cli, '-C', this.dir, '-q', ...args], cwd: this.dir, env: { BREAKFIX_NOW: now, NO_COLOR: '1' } };
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
 *
 * A round in which the baseline (`baseline`, an index into contenders: the
 * sqlite3 CLI where there is one) took more than 1.5× or less than 1/1.5 of
 * its own median is dropped for every contender: another process had the
 * machine for that stretch, and it would turn into a "speed-up" or a
 * "slow-down" of whichever tool it fell on. What was dropped is logged and
 * counted; the per-round ratios of what was kept give the spread.
 */
function timedRounds(opts: Options, contenders: readonly Contender[], baseline?: number): Rounds {
  const samples: Sample[][] = contenders.map(() => []);
  for (let round = 0; round <= opts.runs; round++) {
    contenders.forEach((c, i) => {
      c.before?.();
      const s = measure(c.spec());
      if (round > 0) samples[i]!.push(s);
    });
  }
  const kept = keptRounds(samples, baseline);
  if (kept.length < opts.runs) log(`dropped ${opts.runs - kept.length} of ${opts.runs} rounds: ${contenders[baseline!]!.label} was an outlier against its median`);
  const summaries = contenders.map((c, i) => {
    const sum = summarize(kept.map((r) => samples[i]![r]!));
    log(`${c.label}: ${sum.seconds.toFixed(3)} s median of ${sum.runs} (${kept.map((r) => samples[i]![r]!.seconds.toFixed(2)).join(' ')}), peak RSS ${(sum.rssKiB / 1024).toFixed(0)} MiB`);
    return sum;
  });
  return {
    summaries,
    spread: (a, b) => {
      const ratios = kept.map((r) => samples[a]![r]!.seconds / samples[b]![r]!.seconds);
      return { min: Math.min(...ratios), max: Math.max(...ratios) };
    },
    dropped: opts.runs - kept.length,
  };
}

interface Rounds {
  readonly summaries: Summary[];
  /** The smallest and largest per-round ratio of contender a's time to b's. */
  readonly spread: (a: number, b: number) => Spread;
  readonly dropped: number;
}

/** The sqlite3 CLI importing one file into a fresh database: the comparison for `breakfix import`. */
function sqliteImport(ws: BenchWorkspace, file: string, table: string, columns: string): { spec: () => RunSpec; reset: () => void } {
  const script = join(ws.dir, `import-${table}.sqlite.sql`);
  const db = join(ws.dir, `import-${table}.db`);
  // The CLI at its fastest: no rollback journal and no fsync (a fresh file a failed import would be thrown away with).
  writeFileSync(script, `.bail on\n.mode tabs\nPRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\nCREATE TABLE ${table} (${columns});\n.import ${file} ${table}\n`);
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
    const timed = timedRounds(
      opts,
      [
        { label: `${hosts} hosts: breakfix import ${k.source}`, spec: () => ws.breakfix('import', k.source), before: () => ws.resetRuns() },
        { label: `${hosts} hosts: sqlite3 .import ${k.file}`, spec: cli.spec, before: cli.reset },
      ],
      1,
    );
    const [bf, sq] = timed.summaries as [Summary, Summary];
    cli.reset();
    rows.push({ hosts, step: `import ${k.kind}`, rows: k.rows, breakfix: bf, sqlite: sq, shell: undefined, note: dropNote(timed.dropped), spread: { sqlite: timed.spread(0, 1) } });
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
  // repeated with nothing changed (the same clock: a replay), repeated with
  // nothing changed ten minutes later (what an operator's loop does: the
  // clock moves), and repeated with new metrics. Every cold pass's files are
  // checked against the other two: a fast wrong answer must not pass
  // unnoticed.
  const timed = timedRounds(
    opts,
    [
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
      { label: `${hosts} hosts: breakfix pass, inputs unchanged, clock 10 min later`, spec: () => ws.breakfixAt(10, 'pass') },
      { label: `${hosts} hosts: breakfix pass, metrics changed`, spec: () => ws.breakfixAt(10, 'pass'), before: () => ws.metrics(1) },
    ],
    1,
  );
  const [shell, sqlite, cold, repeat, later, metricsOnly] = timed.summaries as [Summary, Summary, Summary, Summary, Summary, Summary];
  ws.metrics(0);
  rmSync(shellTmp, { recursive: true, force: true });
  rmSync(sqliteDb, { force: true });
  log(`${hosts} hosts: the ${BENCH_VIEWS.length} views are byte-identical across breakfix, sqlite3 and the shell`);
  rows.push({
    hosts,
    step: 'cold pass (import, views, export, plan)',
    rows: total,
    breakfix: cold,
    sqlite,
    shell,
    note: dropNote(timed.dropped),
    spread: { sqlite: timed.spread(2, 1), shell: timed.spread(2, 0) },
  });
  const p = coldPassPhases(ws);
  phases.push(p);
  log(`${hosts} hosts: breakfix's last cold pass: ${p.phases.map(([step, sec]) => `${step} ${sec.toFixed(2)} s`).join(', ')}`);
  const ofCold = (s: Summary, i: number) => {
    const sp = timed.spread(i, 2);
    return `${(s.seconds / cold.seconds).toFixed(2)}× cold (${sp.min.toFixed(2)}–${sp.max.toFixed(2)})`;
  };
  rows.push({ hosts, step: 'repeat pass, inputs unchanged, same clock', rows: total, breakfix: repeat, sqlite: undefined, shell: undefined, note: ofCold(repeat, 3) });
  rows.push({ hosts, step: 'repeat pass, inputs unchanged, clock +10 min', rows: total, breakfix: later, sqlite: undefined, shell: undefined, note: ofCold(later, 4) });
  rows.push({ hosts, step: 'repeat pass, metrics changed', rows: total, breakfix: metricsOnly, sqlite: undefined, shell: undefined, note: ofCold(metricsOnly, 5) });
}

function dropNote(dropped: number): string {
  return dropped === 0 ? '' : `${dropped} round${dropped > 1 ? 's' : ''} dropped`;
}

/**
 * The small commands an operator types, against a bare `node -e 0` (node's
 * own start-up) and the sqlite3 CLI answering from the same state.db, on the
 * workspace a pass left. `--version` minus node is the bundle's load; the
 * command minus `--version` is its work.
 */
function benchSmall(opts: Options, ws: BenchWorkspace, rows: Row[], small: SmallTimes[]): void {
  const hosts = ws.data.hosts;
  measure(ws.breakfix('pass'));
  const dbFile = join(ws.dir, 'runs', ws.day, 'state.db');
  const host = readFileSync(join(ws.dir, 'inputs', 'dead'), 'utf8').split('\n')[0]!;
  const sqliteAt = (sql: string): RunSpec => ({ argv: ['sqlite3', '-readonly', dbFile, sql], cwd: ws.dir });
  const timed = timedRounds(
    { ...opts, runs: Math.max(opts.runs, 10) },
    [
      { label: 'node -e 0', spec: () => ({ argv: [process.execPath, '-e', '0'], cwd: ws.dir }) },
      { label: 'breakfix --version', spec: () => ({ argv: [process.execPath, opts.cli, '--version'], cwd: ws.dir }) },
      { label: `${hosts} hosts: breakfix query unreachable`, spec: () => ws.breakfix('query', 'unreachable') },
      { label: `${hosts} hosts: sqlite3 SELECT * FROM unreachable`, spec: () => sqliteAt('SELECT * FROM unreachable ORDER BY 1, 2, 3') },
      { label: `${hosts} hosts: breakfix explain ${host}`, spec: () => ws.breakfix('explain', host) },
      { label: `${hosts} hosts: sqlite3 SELECT * FROM inventory WHERE hostname = ...`, spec: () => sqliteAt(`SELECT * FROM inventory WHERE hostname = '${host}'`) },
    ],
  );
  const [node, version, query, sqliteQuery, explain, sqliteExplain] = timed.summaries as [Summary, Summary, Summary, Summary, Summary, Summary];
  small.push({ hosts, node: node.seconds, version: version.seconds, query: query.seconds, explain: explain.seconds });
  const ofNode = (i: number) => {
    const sp = timed.spread(i, 0);
    return `${(timed.summaries[i]!.seconds / node.seconds).toFixed(2)}× node -e 0 (${sp.min.toFixed(2)}–${sp.max.toFixed(2)})`;
  };
  rows.push({ hosts, step: 'node -e 0 (node\'s start-up)', rows: 0, breakfix: node, sqlite: undefined, shell: undefined, note: '' });
  rows.push({ hosts, step: 'breakfix --version', rows: 0, breakfix: version, sqlite: undefined, shell: undefined, note: ofNode(1) });
  rows.push({ hosts, step: 'breakfix query VIEW', rows: 0, breakfix: query, sqlite: sqliteQuery, shell: undefined, note: ofNode(2), spread: { sqlite: timed.spread(2, 3) } });
  rows.push({ hosts, step: 'breakfix explain HOST', rows: 0, breakfix: explain, sqlite: sqliteExplain, shell: undefined, note: ofNode(4), spread: { sqlite: timed.spread(4, 5) } });
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.cli)) throw new Error(`${opts.cli} is missing: run npm run build first (npm run bench does)`);
  const rows: Row[] = [];
  const phases: PassPhases[] = [];
  const small: SmallTimes[] = [];
  const metricHosts = new Set(opts.metrics.map((m) => Math.round(m / 10)));
  const fleetHosts = [...new Set([...opts.sizes, ...metricHosts])].sort((a, b) => a - b);
  for (const hosts of fleetHosts) {
    const data = fleetData(opts, hosts);
    const ws = new BenchWorkspace(data, opts);
    const isFleet = opts.sizes.includes(hosts);
    if (opts.steps.has('imports')) benchImports(opts, ws, rows, metricHosts.has(hosts), isFleet);
    if (isFleet && opts.steps.has('pass')) benchPass(opts, ws, rows, phases);
    if (isFleet && opts.steps.has('small')) benchSmall(opts, ws, rows, small);
    ws.resetRuns();
  }
  const command = `npm run bench -- --sizes ${opts.sizes.map(formatCount).join(',')} --metrics ${opts.metrics.map(formatCount).join(',')} --runs ${opts.runs}${opts.queries === 'compound' ? ' --queries compound' : ''}${opts.cli !== DEFAULT_CLI ? ` --cli ${opts.cli}` : ''}${opts.steps.size < STEPS.length ? ` --steps ${[...opts.steps].join(',')}` : ''}`;
  const report = formatReport({ rows, phases, small, machine: describeMachine(), date: new Date().toISOString().slice(0, 10), command, runs: opts.runs, queries: opts.queries });
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
