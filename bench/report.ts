import type { Summary } from './measure.js';

/** One line of the results: a step at a fleet size, breakfix's numbers and the baselines' for the same work. */
export interface Row {
  readonly hosts: number;
  readonly step: string;
  /** Input rows the step reads (for rows per second). */
  readonly rows: number;
  readonly breakfix: Summary;
  readonly sqlite: Summary | undefined;
  readonly shell: Summary | undefined;
  readonly note: string;
  /** The smallest and largest per-round ratio of breakfix's time to each baseline's. */
  readonly spread?: { readonly sqlite?: Spread; readonly shell?: Spread };
}

export interface Spread {
  readonly min: number;
  readonly max: number;
}

/** Medians of the small commands at one fleet size (seconds), to split start-up, bundle load and work. */
export interface SmallTimes {
  readonly hosts: number;
  readonly node: number;
  readonly version: number;
  readonly query: number;
  readonly explain: number;
}

/** docs/benchmarks.md keeps what follows this line (bench/levers.ts writes it) when run.ts rewrites the file. */
export const LEVERS_MARKER = '<!-- levers: written by bench/levers.ts -->';

/** Where one cold pass's time went, read from its transcript (seconds per step). */
export interface PassPhases {
  readonly hosts: number;
  readonly phases: readonly (readonly [step: string, seconds: number])[];
}

export interface ReportInput {
  readonly rows: readonly Row[];
  readonly phases: readonly PassPhases[];
  readonly small: readonly SmallTimes[];
  readonly machine: readonly string[];
  readonly date: string;
  readonly command: string;
  readonly runs: number;
  readonly queries: 'exists' | 'compound';
}

const HEADER = ['hosts', 'step', 'input rows', 'breakfix s', 'rows/s', 'RSS MiB', 'sqlite3 s', 'RSS MiB', 'shell s', 'RSS MiB', 'bf/sqlite3', 'bf/shell', 'note'];
const RIGHT = new Set([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n % 1e3 === 0 ? 0 : 1)}k`;
  return String(n);
}

function seconds(s: number | undefined): string {
  if (s === undefined) return '—';
  return s < 10 ? s.toFixed(3) : s.toFixed(2);
}

function mib(kib: number | undefined): string {
  return kib === undefined ? '—' : (kib / 1024).toFixed(0);
}

function ratio(a: number, b: number | undefined, spread: Spread | undefined): string {
  if (b === undefined) return '—';
  return `${(a / b).toFixed(2)}×${spread === undefined ? '' : ` (${spread.min.toFixed(2)}–${spread.max.toFixed(2)})`}`;
}

function cells(r: Row): string[] {
  return [
    count(r.hosts),
    r.step,
    count(r.rows),
    seconds(r.breakfix.seconds),
    r.rows === 0 ? '—' : `${count(Math.round(r.rows / r.breakfix.seconds))}`,
    mib(r.breakfix.rssKiB),
    seconds(r.sqlite?.seconds),
    mib(r.sqlite?.rssKiB),
    seconds(r.shell?.seconds),
    mib(r.shell?.rssKiB),
    ratio(r.breakfix.seconds, r.sqlite?.seconds, r.spread?.sqlite),
    ratio(r.breakfix.seconds, r.shell?.seconds, r.spread?.shell),
    r.note,
  ];
}

/** A Markdown table padded so it also reads as plain text on a terminal. */
function table(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADER.map((h, i) => Math.max([...h].length, ...body.map((b) => [...b[i]!].length)));
  const pad = (s: string, i: number) => (RIGHT.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cs: readonly string[]) => `| ${cs.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (RIGHT.has(i) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n');
}

export function formatReport(input: ReportInput): { table: string; markdown: string } {
  const t = table(input.rows);
  const markdown = [
    '# Benchmarks',
    '',
    `Measured ${input.date} with \`${input.command}\`; breakfix views written with ${input.queries === 'exists' ? 'EXISTS / NOT EXISTS on keyed tables' : 'compound operators (EXCEPT / INTERSECT)'}.`,
    '',
    ...input.machine.map((m) => `- ${m}`),
    '',
    t,
    '',
    'How to read it:',
    '',
    `- Every number is a whole process (\`node dist/bundle/breakfix.js\`, \`sqlite3\`, \`sh pipeline.sh\`), the median of ${input.runs} run${input.runs > 1 ? 's' : ''} after one warm-up run (the small commands: of at least 10); RSS is the largest peak resident set (\`/usr/bin/time\`) of those runs. The tools of one comparison run in rounds (the shell, the sqlite3 CLI, then breakfix, again and again), so they share the same stretch of a machine whose speed drifts. A round in which the sqlite3 CLI took more than 1.5× or less than 1/1.5 of its own median is dropped for every tool (*note* says so). A ratio is the ratio of the medians; in brackets, the smallest and largest ratio of one round's times: the spread.`,
    '- The fleets come from `bench/generate.ts` (seeded: same seed, same bytes): an inventory dump (11 columns, `-` for empty), nine host lists and long-form metrics (10 samples a host). *input rows* counts every line the step reads.',
    '- *import*: `breakfix import SOURCE` into a fresh day database, against `sqlite3` `.import` of the same file into a fresh database (plain table, no key): the load alone, like for like. breakfix also validates and normalises every hostname, keys the inventory (a WITHOUT ROWID table in hostname order) and the host lists (a unique hostname index), keeps each row\'s provenance, counts the hosts the inventory does not know and, on a new day, creates the database through the migrations. Each of those processes also pays node\'s start-up (~0.15 s here), which is most of a small import.',
    '- *cold pass*: `breakfix pass` on a workspace without `runs/` (every source imported, every view — the seven benchmark views and the stock library — created and exported, the action planned), against the sqlite3 CLI script (`.import` of every input, the seven views, `.output` + `ORDER BY` per view) and the shell pipeline (`pipeline.sh`: `LC_ALL=C sort`, `comm`, `join`, `awk`). The seven view files of all three are compared byte for byte after every cold pass; a difference fails the benchmark.',
    '- The sqlite3 CLI runs at its fastest: `PRAGMA journal_mode = OFF` and `synchronous = OFF` before its `.import`s.',
    '- *repeat pass, inputs unchanged, same clock*: the same pass again at the same clock (a replay) — no source is re-imported (a file exactly as it was when hashed keeps its hash, any other is hashed again), no view is re-exported, the population counts are reused, and the action is planned again with a new seed. *clock +10 min*: the same, ten minutes later, as an operator\'s loop runs it: a view reading the clock is recomputed only if a sample crossed `max_sample_age` since its file was written, and the views reading it only if its file changed. *metrics changed*: the metrics file replaced by the next scrape, everything else unchanged. The spread in brackets is of the per-round ratio to that round\'s cold pass.',
    '- *node -e 0*, *--version*, *query VIEW*, *explain HOST*: on the workspace a pass left; the sqlite3 column is `sqlite3 -readonly state.db` answering the same question (the view\'s rows in order; the host\'s inventory row); the note is the ratio to `node -e 0` with its spread.',
    '- The machine is shared and has 2 cores: compare the ratios measured in the same run, not absolute seconds across runs.',
    ...(input.phases.length > 0
      ? [
          '',
          'Where the last cold pass of each size spent its time (from its transcript: start-up is before the pass starts, the rest is between its steps):',
          '',
          ...input.phases.map((p) => `- ${count(p.hosts)} hosts: ${p.phases.map(([step, sec]) => `${step} ${sec.toFixed(2)} s`).join(', ')}`),
        ]
      : []),
    ...(input.small.length > 0
      ? [
          '',
          'Where a small command spends its time (medians above: node\'s start-up is `node -e 0`; loading the bundle is `--version` minus that; the work is the command minus `--version`):',
          '',
          ...input.small.map(
            (t) =>
              `- ${count(t.hosts)} hosts: start-up ${t.node.toFixed(3)} s, bundle load ${(t.version - t.node).toFixed(3)} s; query ${(t.query - t.version).toFixed(3)} s of work, explain ${(t.explain - t.version).toFixed(3)} s`,
          ),
        ]
      : []),
    ...(input.command.includes('--cli ')
      ? ['- `--cli` names another build of breakfix (a commit\'s files bundled by `scripts/bundle.mjs` in a directory of its own), so that rebuilding `dist/` during a long run could not change what was measured.']
      : []),
    '',
  ].join('\n');
  return { table: t, markdown };
}
