import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * The reliability figures. Each suite appends what it measured to a file in
 * the directory the reliability run's global setup provides
 * (figures-setup.ts); the setup's teardown adds them up and prints the table.
 * Under the fast run (`npm test`) there is no such directory and nothing is
 * recorded.
 */
export interface CorpusFigures {
  readonly suite: 'corpus';
  readonly inputsTried: number;
  readonly rejectedClearly: number;
  readonly dataLost: number;
  readonly maxMs: number;
  readonly maxRssKib: number;
}

export interface FuzzFigures {
  readonly suite: 'fuzz';
  readonly parser: string;
  readonly inputs: number;
  readonly rows: number;
  readonly parseErrors: number;
  readonly otherExceptions: number;
  readonly invalidHosts: number;
}

export interface CrashFigures {
  readonly suite: 'crash';
  readonly kills: number;
  readonly recoveriesClean: number;
  readonly doubleActions: number;
  readonly overBudget: number;
  readonly partialExports: number;
  readonly unknownReported: number;
  readonly unknownOutcomes: number;
  /** landed stage → kills */
  readonly stages: Readonly<Record<string, number>>;
}

export interface ContentionFigures {
  readonly suite: 'contention';
  readonly rounds: number;
  readonly processes: number;
  readonly lockViolations: number;
  readonly lockedOut: number;
  readonly lockedOutNamedHolder: number;
  readonly reads: number;
  readonly inconsistentReads: number;
  /** command → runs */
  readonly readsByCommand: Readonly<Record<string, number>>;
}

export type Figures = CorpusFigures | FuzzFigures | CrashFigures | ContentionFigures;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/reliability/figures-setup.ts under `npm run test:reliability`. */
    figuresDir: string;
  }
}

function figuresDir(): string | undefined {
  try {
    const dir = inject('figuresDir');
    return typeof dir === 'string' && dir !== '' ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Record one suite's figures (a no-op outside the reliability run). */
export function recordFigures(f: Figures): void {
  const dir = figuresDir();
  if (dir === undefined) return;
  appendFileSync(join(dir, `${f.suite}.jsonl`), JSON.stringify(f) + '\n');
}

/** Every figure recorded in `dir`. */
export function readFigures(dir: string): Figures[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Figures),
    );
}

/** `true` under `npm run test:reliability`: suites run at full size. */
export function fullRun(): boolean {
  return process.env['BREAKFIX_RELIABILITY'] === '1';
}

/** The figures table (Markdown), as printed at the end of the reliability run and kept in docs/reliability.md. */
export function figuresTable(all: readonly Figures[]): string {
  const corpus = all.filter((f): f is CorpusFigures => f.suite === 'corpus');
  const fuzz = all.filter((f): f is FuzzFigures => f.suite === 'fuzz');
  const crash = all.filter((f): f is CrashFigures => f.suite === 'crash');
  const cont = all.filter((f): f is ContentionFigures => f.suite === 'contention');
  const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
  const stages: Record<string, number> = {};
  for (const c of crash) for (const [s, n] of Object.entries(c.stages)) stages[s] = (stages[s] ?? 0) + n;
  const reads: Record<string, number> = {};
  for (const c of cont) for (const [s, n] of Object.entries(c.readsByCommand)) reads[s] = (reads[s] ?? 0) + n;
  const rows: [string, string, string][] = [
    ['bad input (corpus, through the CLI)', 'inputs tried', String(sum(corpus, (c) => c.inputsTried))],
    ['', 'rejected with a clear error (file + what is wrong)', String(sum(corpus, (c) => c.rejectedClearly))],
    ['', 'data lost (must be 0)', String(sum(corpus, (c) => c.dataLost))],
    ['', 'slowest case / peak RSS', `${Math.max(0, ...corpus.map((c) => c.maxMs))} ms / ${Math.round(Math.max(0, ...corpus.map((c) => c.maxRssKib)) / 1024)} MiB`],
    ['fuzzing (every parser, in-process)', 'inputs tried', String(sum(fuzz, (f) => f.inputs))],
    ['', 'rows returned / ParseErrors thrown', `${sum(fuzz, (f) => f.rows)} / ${sum(fuzz, (f) => f.parseErrors)}`],
    ['', 'other exceptions, hangs, invalid hostnames (must be 0)', String(sum(fuzz, (f) => f.otherExceptions + f.invalidHosts))],
    ['crash injection (SIGKILL during pass --execute)', 'kills injected', String(sum(crash, (c) => c.kills))],
    ['', 'recoveries clean', String(sum(crash, (c) => c.recoveriesClean))],
    ['', 'double actions (must be 0)', String(sum(crash, (c) => c.doubleActions))],
    ['', 'over budget / partial exports (must be 0)', `${sum(crash, (c) => c.overBudget)} / ${sum(crash, (c) => c.partialExports)}`],
    ['', 'unknown outcomes left by kills / reported', `${sum(crash, (c) => c.unknownOutcomes)} / ${sum(crash, (c) => c.unknownReported)}`],
    ['', 'kills by stage', Object.entries(stages).map(([s, n]) => `${s} ${n}`).join(', ')],
    ['contention (N = 2..8 passes at once)', 'contention rounds', String(sum(cont, (c) => c.rounds))],
    ['', 'passes started / exited 75 naming the holder', `${sum(cont, (c) => c.processes)} / ${sum(cont, (c) => c.lockedOutNamedHolder)} of ${sum(cont, (c) => c.lockedOut)}`],
    ['', 'lock violations (must be 0)', String(sum(cont, (c) => c.lockViolations))],
    ['', 'concurrent reads / inconsistent (must be 0)', `${sum(cont, (c) => c.reads)} / ${sum(cont, (c) => c.inconsistentReads)}`],
    ['', 'reads by command', Object.entries(reads).map(([s, n]) => `${s} ${n}`).join(', ')],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return [
    `| ${'suite'.padEnd(w0)} | ${'figure'.padEnd(w1)} | value |`,
    `|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|-------|`,
    ...rows.map(([a, b, c]) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`),
  ].join('\n');
}
