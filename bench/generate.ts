#!/usr/bin/env node
/**
 * Seeded fleet generator for the benchmarks: writes a complete workspace —
 * inputs in the example workspace's formats (an inventory dump, nine host
 * lists, long-form metrics), breakfix.yaml and the seven views as breakfix
 * queries, as a sort/comm/join/awk script (pipeline.sh) and as a sqlite3 CLI
 * script (views.sqlite.sql).
 *
 *   node dist/bench/generate.js --hosts 100k [--metrics-rows 1m] [--seed 1] --out DIR
 *
 * Same seed and sizes, same bytes. Files are written line by line through a
 * bounded buffer: 10M metric rows never sit in memory.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FleetModel, HOST_LISTS, METRICS, METRICS_EPOCH, Permutation, SCRAPE_INTERVAL, type Host } from './fleet-model.js';
import { LineWriter } from './line-writer.js';

export interface GenerateOptions {
  readonly hosts: number;
  /** Rows of inputs/metrics.tsv (default 10 per host). */
  readonly metricsRows?: number;
  readonly seed: number;
  readonly out: string;
  /** Also write metrics-v1.tsv: the same hosts a scrape later, for "only the metrics changed" passes. */
  readonly metricsVariant?: boolean;
  /** The breakfix queries: EXISTS/NOT EXISTS on keyed tables (default) or compound operators. */
  readonly queries?: 'exists' | 'compound';
}

export interface GeneratedWorkspace {
  readonly dir: string;
  /** Rows per input file (inventory.tsv, each list, metrics.tsv). */
  readonly rows: Readonly<Record<string, number>>;
  /** The clock a pass should run at (BREAKFIX_NOW): just after the last scrape, so samples are fresh. */
  readonly now: string;
}

/** The seven views, by file name; every pipeline writes one file per view. */
export const BENCH_VIEWS = [
  'candidate-rekick', 'dead-rekick', 'out-of-service', 'unreachable', 'retired-responsive', 'ticket-closable', 'disk-errors',
] as const;

/** The project's bench/workspace templates, found from this module (src or dist). */
export function templateDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bench', 'workspace');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find bench/workspace above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function generateWorkspace(opts: GenerateOptions): GeneratedWorkspace {
  const model = new FleetModel(opts.hosts, opts.seed);
  const dir = resolve(opts.out);
  const inputs = join(dir, 'inputs');
  mkdirSync(inputs, { recursive: true });
  const rows: Record<string, number> = {};

  rows['inventory.tsv'] = writeInventory(model, join(inputs, 'inventory.tsv'));
  for (const [n, list] of HOST_LISTS.entries()) rows[list] = writeList(model, list, n, join(inputs, list));
  const metricsRows = opts.metricsRows ?? opts.hosts * 10;
  const scrapes = writeMetrics(model, metricsRows, 0, join(inputs, 'metrics.tsv'));
  rows['metrics.tsv'] = metricsRows;
  if (opts.metricsVariant) writeMetrics(model, metricsRows, 1, join(dir, 'metrics-v1.tsv'));

  installWorkspaceFiles(dir, opts.queries ?? 'exists');
  // Fresh for both metric variants: the variant is one scrape later.
  const now = new Date((METRICS_EPOCH + (scrapes + 1) * SCRAPE_INTERVAL + 30) * 1000).toISOString();
  return { dir, rows, now };
}

function field(v: string | null): string {
  return v ?? '-';
}

function inventoryLine(h: Host): string {
  return [h.hostname, h.ip, h.cluster, h.role, h.rack, field(h.dataGroup), h.lifecycle, field(h.serviceTicket), field(h.hadoopExclude), h.puppetBranch, h.kernel].join('\t');
}

/** The inventory dump, in asset-database order (a permutation), `-` for empty fields, no header. */
function writeInventory(model: FleetModel, file: string): number {
  const w = new LineWriter(file);
  const order = new Permutation(model.hosts, model.seed, 1000);
  for (let j = 0; j < model.hosts; j++) w.line(inventoryLine(model.host(order.at(j))));
  w.close();
  return w.lines;
}

/** One hostname per line, in the order the tool that wrote the list found them. */
function writeList(model: FleetModel, list: (typeof HOST_LISTS)[number], n: number, file: string): number {
  const w = new LineWriter(file);
  const all = model.hosts + model.ghosts;
  const order = new Permutation(all, model.seed, 2000 + n);
  for (let j = 0; j < all; j++) {
    const i = order.at(j);
    if (model.onList(list, i)) w.line(model.hostname(i));
  }
  w.close();
  return w.lines;
}

/**
 * Long-form metrics (epoch seconds, hostname, metric, value), one scrape of
 * every reporting host after another, hosts in scrape order, until `rows`
 * rows are written. Returns the number of scrapes begun.
 */
function writeMetrics(model: FleetModel, rows: number, variant: number, file: string): number {
  const w = new LineWriter(file);
  const all = model.hosts + model.ghosts;
  const order = new Permutation(all, model.seed, 3000);
  let t = 0;
  let written = 0;
  while (written < rows) {
    const ts = String(METRICS_EPOCH + (t + variant) * SCRAPE_INTERVAL);
    for (let j = 0; j < all && written < rows; j++) {
      const i = order.at(j);
      if (!model.reports(i)) continue;
      const host = model.hostname(i);
      for (const metric of METRICS) {
        if (written >= rows) break;
        w.line(`${ts}\t${host}\t${metric}\t${model.metricValue(metric, i, t, variant)}`);
        written++;
      }
    }
    t++;
    if (t > 100_000) throw new Error('metrics: no host reports (empty fleet?)');
  }
  w.close();
  return t;
}

/** breakfix.yaml, the queries, pipeline.sh and the sqlite3 script assembled from the compound-operator queries. */
export function installWorkspaceFiles(dir: string, queries: 'exists' | 'compound'): void {
  const tpl = templateDir();
  copyFileSync(join(tpl, 'breakfix.yaml'), join(dir, 'breakfix.yaml'));
  copyFileSync(join(tpl, 'pipeline.sh'), join(dir, 'pipeline.sh'));
  const qdir = join(dir, 'queries');
  mkdirSync(qdir, { recursive: true });
  const from = join(tpl, queries === 'exists' ? 'queries' : 'queries-compound');
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(qdir, f));
  writeFileSync(join(dir, 'views.sqlite.sql'), sqliteScript(join(tpl, 'queries-compound')));
}

/**
 * The sqlite3 CLI script a user would write: plain tables, `.import` in tabs
 * mode, the views with compound operators (the same SQL as
 * queries-compound/), and one `.output` per view with ORDER BY. Run from the
 * workspace: `sqlite3 DB < views.sqlite.sql`; files go to out-sqlite/.
 */
export function sqliteScript(compoundDir: string): string {
  // The CLI at its fastest for a throwaway database: no rollback journal, no fsync.
  const lines = ['.bail on', '.mode tabs', '.headers off', 'PRAGMA journal_mode = OFF;', 'PRAGMA synchronous = OFF;', 'PRAGMA temp_store = FILE;'];
  lines.push(
    'CREATE TABLE inventory (hostname TEXT, ip TEXT, cluster TEXT, role TEXT, rack TEXT, data_group TEXT, lifecycle TEXT, service_ticket TEXT, hadoop_exclude TEXT, puppet_branch TEXT, kernel TEXT);',
    '.import inputs/inventory.tsv inventory',
  );
  for (const list of HOST_LISTS) {
    const t = list.replaceAll('-', '_');
    lines.push(`CREATE TABLE ${t} (hostname TEXT);`, `.import inputs/${list} ${t}`);
  }
  lines.push(
    'CREATE TABLE metric_samples (ts INTEGER, hostname TEXT, metric TEXT, value REAL);',
    '.import inputs/metrics.tsv metric_samples',
    'CREATE VIEW metric_latest AS SELECT hostname, metric, max(ts) AS ts, value FROM metric_samples GROUP BY hostname, metric;',
  );
  for (const view of BENCH_VIEWS) {
    const sql = readFileSync(join(compoundDir, `${view}.sql`), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('--'))
      .join('\n')
      .trim();
    lines.push(`CREATE VIEW ${view.replaceAll('-', '_')} AS\n${sql};`);
  }
  lines.push('.shell mkdir -p out-sqlite');
  for (const view of BENCH_VIEWS) {
    const columns = view === 'candidate-rekick' || view === 'retired-responsive' ? 1 : view === 'dead-rekick' || view === 'unreachable' ? 3 : 2;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    lines.push(`.output out-sqlite/${view}`, `SELECT * FROM ${view.replaceAll('-', '_')} ORDER BY ${order};`);
  }
  lines.push('.output stdout', '');
  return lines.join('\n');
}

/** `10k`, `1m`, `250000` → a number. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`expected a count like 10k, 1m or 250000, got "${text}"`);
  const scale = { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(m[1]) * scale);
}

function cli(argv: readonly string[]): void {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const out = get('--out');
  const hosts = get('--hosts');
  if (out === undefined || hosts === undefined) {
    process.stderr.write('usage: generate --hosts N --out DIR [--metrics-rows N] [--seed N] [--metrics-variant] [--queries exists|compound]\n');
    process.exitCode = 2;
    return;
  }
  const metricsRows = get('--metrics-rows');
  const queries = get('--queries') ?? 'exists';
  if (queries !== 'exists' && queries !== 'compound') throw new Error(`--queries: expected exists or compound, got "${queries}"`);
  const ws = generateWorkspace({
    hosts: parseCount(hosts),
    ...(metricsRows !== undefined ? { metricsRows: parseCount(metricsRows) } : {}),
    seed: Number(get('--seed') ?? '1'),
    out,
    metricsVariant: argv.includes('--metrics-variant'),
    queries,
  });
  process.stdout.write(`${ws.dir}\nBREAKFIX_NOW=${ws.now}\n${Object.entries(ws.rows).map(([f, n]) => `${f}\t${n}`).join('\n')}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) cli(process.argv.slice(2));
