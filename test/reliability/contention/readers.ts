import { crashOrBusy, runBreakfix, type Finished } from '../breakfix-process.js';
import { generation, hostCount, hostOf, roundOfHost, type GenView } from './workspace.js';

/**
 * Read-only commands run in loops while passes run, each output checked
 * against the generations it may show.
 *
 * "Consistent" is per source: each source is imported in its own
 * transaction, so between a pass's two imports a reader may legitimately see
 * round k's inventory beside round k-1's broken list. What must hold is that
 * everything a read shows of one source is exactly one whole generation
 * (every host of that round, nothing of another round), never a partial or
 * mixed table, and no older than the last round that had completed when the
 * read started. A view over both sources (fix-candidates) is either one whole
 * generation or, at that moment between the imports, empty (hostnames carry
 * the round, so two rounds share none).
 */
export interface ReadWindow {
  /** The newest generation certainly committed: no read that starts now may show an older one (unless firstPassPending: then none is yet). */
  readonly lo: number;
  /** The newest generation any pass may have imported by now. */
  readonly hi: number;
  /** A fresh day whose first pass has not completed: "no state.db yet" and "no such table" are the truth, not failures. */
  readonly firstPassPending: boolean;
}

export interface ReaderSetup {
  readonly dir: string;
  readonly day: string;
  readonly env: Record<string, string>;
  /** The generation of the previous day's exports (what `diff` compares with). */
  readonly fromGeneration: number;
  readonly window: () => ReadWindow;
}

export interface ReadReport {
  readonly runs: number;
  readonly byCommand: Readonly<Record<string, number>>;
  /** Expected refusals while a fresh day's first pass ran, by what they said. */
  readonly beforeFirstPass: Readonly<Record<string, number>>;
  /** Failed or inconsistent reads, in words. */
  readonly problems: readonly string[];
}

interface Context {
  readonly day: string;
  readonly fromGeneration: number;
  /** lo from the window at the start of the read, hi from the window at its end. */
  readonly lo: number;
  readonly hi: number;
  readonly pending: boolean;
  /** The round whose first host `explain` asked about. */
  readonly explained: number;
}

interface ReadCommand {
  readonly name: string;
  args(w: ReadWindow): string[];
  /** A problem in words, or null when the output is one whole generation per source. */
  check(r: Finished, c: Context): string | null;
}

/** Refusals that are correct on a fresh day before its first pass completed, never after. */
const BEFORE_FIRST_PASS: readonly [string, number, RegExp][] = [
  ['no state.db for this day (exit 2)', 2, /no state\.db for this day \(run/],
  ['state.db being created, no schema yet (exit 2)', 2, /no state\.db for this day yet \(a pass is creating it/],
  ['no exports for this day yet (exit 2)', 2, /no exported views on \d{4}-\d\d-\d\d/],
  ['source not imported yet: no such table (exit 1)', 1, /no such table: (inventory|broken)\b/],
];

/** Run `loops` reader loops until stopped; each loop runs one command at a time, cycling through them. */
export class Readers {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private runs = 0;
  private readonly byCommand: Record<string, number> = {};
  private readonly beforeFirstPass: Record<string, number> = {};
  private readonly problems: string[] = [];

  constructor(private readonly setup: ReaderSetup) {}

  start(loops: number): void {
    for (let i = 0; i < loops; i++) this.loops.push(this.loop(i));
  }

  /** Resolves once `reads` more reads have finished (so readers are known to be running at that point). */
  async moreReads(reads: number): Promise<void> {
    const target = this.runs + reads;
    while (this.runs < target && !this.stopped) await new Promise((r) => setTimeout(r, 20));
  }

  async stop(): Promise<ReadReport> {
    this.stopped = true;
    await Promise.all(this.loops);
    return { runs: this.runs, byCommand: { ...this.byCommand }, beforeFirstPass: { ...this.beforeFirstPass }, problems: [...this.problems] };
  }

  private async loop(offset: number): Promise<void> {
    // Loops start at different commands so that all kinds run during every round.
    for (let k = offset * 3; !this.stopped; k++) await this.readOnce(COMMANDS[k % COMMANDS.length]!);
  }

  private async readOnce(cmd: ReadCommand): Promise<void> {
    const { dir, env, day, fromGeneration } = this.setup;
    const w0 = this.setup.window();
    const args = cmd.args(w0);
    const r = await runBreakfix(dir, args, env);
    const c: Context = { day, fromGeneration, lo: w0.lo, hi: this.setup.window().hi, pending: w0.firstPassPending, explained: w0.hi };
    this.runs++;
    this.byCommand[cmd.name] = (this.byCommand[cmd.name] ?? 0) + 1;
    const problem = this.judge(cmd, r, c);
    if (problem !== null) this.problems.push(`${args.join(' ')} (pid ${r.pid}, exit ${r.code}): ${problem}`);
  }

  private judge(cmd: ReadCommand, r: Finished, c: Context): string | null {
    const crashed = crashOrBusy(r.stderr);
    if (crashed !== null) return `${crashed}: ${r.stderr.slice(0, 600)}`;
    if (r.code !== 0) {
      const refusal = c.pending ? BEFORE_FIRST_PASS.find(([, code, re]) => r.code === code && re.test(r.stderr)) : undefined;
      if (refusal === undefined) return `failed: ${r.stderr.slice(0, 600)}`;
      this.beforeFirstPass[refusal[0]] = (this.beforeFirstPass[refusal[0]] ?? 0) + 1;
      return null;
    }
    if (r.stderr !== '') return `exit 0 with messages on stderr: ${r.stderr.slice(0, 600)}`;
    try {
      return cmd.check(r, c);
    } catch (err) {
      // Output that is not what the command prints (not JSON, a truncated document) is a failed read too.
      return `unreadable output (${(err as Error).message}): ${JSON.stringify(r.stdout.slice(0, 300))}`;
    }
  }
}

/** Text-table lines of an output (its final newline ends the last line). */
const linesOf = (stdout: string) => (stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n'));

/**
 * `lines` is exactly one whole generation of `view`, inside the window: the
 * generation is read off the first host, then every line must be that
 * generation's, in order, all of them.
 */
function wholeGeneration(view: GenView, lines: readonly string[], c: Context): string | null {
  if (lines.length === 0) return `${view}: no rows (a source is never empty once imported)`;
  const round = roundOfHost(lines[0]!.split('\t')[0]!);
  if (round === undefined) return `${view}: unexpected first row ${JSON.stringify(lines[0])}`;
  if (round < c.lo || round > c.hi) return `${view}: generation ${round}, but only ${c.lo}..${c.hi} were possible while it ran`;
  const want = generation(round).lines[view];
  if (lines.length !== want.length || lines.some((l, i) => l !== want[i])) {
    return `${view}: not one whole generation: ${lines.length} rows (${summarize(lines)}), generation ${round} has ${want.length}`;
  }
  return null;
}

/** How many rows of each round a set of lines holds, e.g. "r7 x10, r8 x3". */
function summarize(lines: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const round = roundOfHost(l.split('\t')[0]!);
    const key = round === undefined ? '?' : `r${round}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${k} x${n}`).join(', ');
}

const parse = <T>(stdout: string): T => JSON.parse(stdout) as T;

const query = (view: GenView): ReadCommand => ({
  name: `query ${view}`,
  args: () => ['query', view],
  check: (r, c) => {
    const lines = linesOf(r.stdout);
    // The view over both sources is empty between its two imports; see the comment at the top.
    if (view === 'fix-candidates' && lines.length === 0) return null;
    return wholeGeneration(view, lines, c);
  },
});

/** One statement, so one snapshot, over both sources: each table must be one whole generation. */
const SQL = "SELECT 'inventory' AS t, hostname, gen FROM inventory UNION ALL SELECT 'broken' AS t, hostname, NULL AS gen FROM broken";

const sql: ReadCommand = {
  name: 'sql',
  args: () => ['--json', 'sql', SQL],
  check: (r, c) => {
    const rows = parse<{ t: string; hostname: string; gen: string | null }[]>(r.stdout);
    const sortedLines = (t: string, line: (row: (typeof rows)[number]) => string) =>
      rows
        .filter((x) => x.t === t)
        .map(line)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return (
      wholeGeneration('gen-hosts', sortedLines('inventory', (x) => `${x.hostname}\t${x.gen}`), c) ??
      wholeGeneration('gen-broken', sortedLines('broken', (x) => x.hostname), c)
    );
  },
};

interface DiffJson {
  readonly views: readonly {
    view: string;
    status: string;
    from_rows: number | null;
    to_rows: number | null;
    removed: number | null;
    added: number | null;
    removed_rows?: string[];
    added_rows?: string[];
  }[];
}

/**
 * The previous day's files hold one generation and today's another, with no
 * host in common: every row of the previous day is removed and every row of
 * today's file added. The counts and the rows listed must agree, and be one
 * whole generation each.
 */
const diff: ReadCommand = {
  name: 'diff',
  args: () => ['--json', 'diff', 'gen-hosts', 'gen-broken'],
  check: (r, c) => {
    const out = parse<DiffJson>(r.stdout);
    for (const view of ['gen-hosts', 'gen-broken'] as const) {
      const d = out.views.find((x) => x.view === view);
      if (d === undefined || d.status !== 'changed') return `${view}: ${d?.status ?? 'missing'}, expected changed`;
      const added = d.added_rows ?? [];
      const removed = d.removed_rows ?? [];
      if (d.added !== added.length || d.to_rows !== added.length) return `${view}: counted ${d.added} added of ${d.to_rows} rows but listed ${added.length}`;
      if (d.removed !== removed.length || d.from_rows !== removed.length) return `${view}: counted ${d.removed} removed of ${d.from_rows} but listed ${removed.length}`;
      const from = generation(c.fromGeneration).lines[view];
      if (removed.join('\n') !== from.join('\n')) return `${view}: removed rows are not the previous day's generation ${c.fromGeneration}`;
      const problem = wholeGeneration(view, added, c);
      if (problem !== null) return `added rows: ${problem}`;
    }
    return null;
  },
};

interface ExplainJson {
  readonly tables: readonly { table: string; matches: number; rows: readonly { from: string | null; values: Record<string, unknown> }[] }[];
  readonly views: readonly { view: string; status: string }[];
}

/**
 * `explain` of the newest round's first host (a broken one). What it says of
 * one source must be one state: the host is in the source's table exactly
 * when it is in the view over that table, its row points at the input line
 * it came from, and a round that had completed before the read started is
 * there.
 */
const explain: ReadCommand = {
  name: 'explain',
  args: (w) => ['--json', 'explain', hostOf(w.hi, 1)],
  check: (r, c) => {
    const out = parse<ExplainJson>(r.stdout);
    const table = (name: string) => out.tables.find((t) => t.table === name);
    const viewStatus = (name: string) => out.views.find((v) => v.view === name)?.status;
    for (const [source, view] of [
      ['inventory', 'gen-hosts'],
      ['broken', 'gen-broken'],
    ] as const) {
      const t = table(source);
      if (t === undefined) return `no ${source} table`;
      if (t.matches > 1) return `${source}: ${t.matches} rows for one host`;
      const present = t.matches === 1;
      if (viewStatus(view) !== (present ? 'in' : 'out')) return `${source} has ${t.matches} rows for the host but ${view} says ${viewStatus(view)}: two states in one answer`;
      if (!present && !c.pending && c.explained <= c.lo) return `${source}: round ${c.explained} had completed before the read, but its host is not there`;
      const row = t.rows[0];
      if (present && row?.from !== `runs/${c.day}/inputs/${source}:1`) return `${source}: the row's input is ${JSON.stringify(row?.from)}, expected runs/${c.day}/inputs/${source}:1`;
      if (present && source === 'inventory' && row?.values['gen'] !== String(c.explained)) return `inventory row of generation ${String(row?.values['gen'])}`;
    }
    return null;
  },
};

interface TrendJson {
  readonly trends: readonly { view: string; points: readonly { rows: number }[] }[];
}

/** Each recorded pass of gen-hosts counted one whole generation's hosts. */
const trend: ReadCommand = {
  name: 'trend',
  args: () => ['--json', 'trend', 'gen-hosts'],
  check: (r, c) => {
    const out = parse<TrendJson>(r.stdout);
    const sizes = new Set(Array.from({ length: c.hi + 1 }, (_, g) => hostCount(g)));
    for (const t of out.trends) {
      const bad = t.points.find((p) => !sizes.has(p.rows));
      if (bad !== undefined) return `${t.view}: a pass recorded ${bad.rows} rows, no generation up to ${c.hi} has that many`;
    }
    return null;
  },
};

const COMMANDS: readonly ReadCommand[] = [query('gen-hosts'), sql, diff, query('gen-broken'), explain, trend, query('fix-candidates')];
