import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The reliability suite's figures: each part (bad input, fuzzing, crash
 * injection, contention) counts what it tried and what went wrong, and
 * writes its counts to `$BREAKFIX_FIGURES_DIR/<part>.json` when that is set
 * (scripts/test-reliability.mjs sets it, runs vitest, then prints the table
 * with `formatFigures`). Under plain `npm test` nothing is written.
 *
 * A figure may carry a requirement: `zero` (a count of failures, must be 0),
 * `atLeast` (a count of attempts the issue asks for), or `equals` another
 * figure of the same part (every input tried was rejected clearly). The
 * runner fails when one is not met, so the printed table cannot claim what
 * the run did not show.
 */
export interface Figure {
  readonly figure: string;
  readonly value: number;
  readonly zero?: true;
  readonly atLeast?: number;
  readonly equals?: string;
}

export interface PartFigures {
  /** e.g. "bad input", "crash injection". */
  readonly part: string;
  /** Its order in the table. */
  readonly order: number;
  readonly figures: readonly Figure[];
  /** Lines printed under the table for this part (breakdowns, e.g. kills per phase). */
  readonly notes?: readonly string[];
}

export const FIGURES_DIR_ENV = 'BREAKFIX_FIGURES_DIR';

/**
 * Record one part's figures from one test file (`fileKey`); readFigures
 * merges the files of a part.
 */
export function recordFigures(fileKey: string, figures: PartFigures): void {
  const dir = process.env[FIGURES_DIR_ENV];
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${fileKey}.json`), JSON.stringify(figures, null, 2) + '\n');
}

/** All parts recorded in `dir`, merged by part (values of a figure named the same are summed). */
export function readFigures(dir: string): PartFigures[] {
  const byPart = new Map<string, { order: number; figures: Map<string, Figure>; notes: string[] }>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as PartFigures;
    const entry = byPart.get(p.part) ?? { order: p.order, figures: new Map<string, Figure>(), notes: [] };
    for (const fig of p.figures) {
      const had = entry.figures.get(fig.figure);
      // A part split over files adds up: its counts, and the counts each file was asked for.
      const atLeast = had?.atLeast !== undefined || fig.atLeast !== undefined ? { atLeast: (had?.atLeast ?? 0) + (fig.atLeast ?? 0) } : {};
      entry.figures.set(fig.figure, had === undefined ? fig : { ...had, value: had.value + fig.value, ...atLeast });
    }
    entry.notes.push(...(p.notes ?? []));
    byPart.set(p.part, entry);
  }
  return [...byPart.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([part, e]) => ({ part, order: e.order, figures: [...e.figures.values()], notes: e.notes }));
}

/** Requirements not met, in words (empty: all met). */
export function unmetRequirements(parts: readonly PartFigures[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const value = (name: string) => p.figures.find((f) => f.figure === name)?.value;
    for (const f of p.figures) {
      if (f.zero && f.value !== 0) out.push(`${p.part}: ${f.figure} is ${f.value}, must be 0`);
      if (f.atLeast !== undefined && f.value < f.atLeast) out.push(`${p.part}: ${f.figure} is ${f.value}, must be at least ${f.atLeast}`);
      if (f.equals !== undefined && f.value !== value(f.equals)) out.push(`${p.part}: ${f.figure} is ${f.value}, must equal ${f.equals} (${value(f.equals) ?? 'missing'})`);
    }
  }
  return out;
}

function requirementOf(f: Figure): string {
  if (f.zero) return 'must be 0';
  if (f.atLeast !== undefined) return `at least ${f.atLeast}`;
  if (f.equals !== undefined) return `= ${f.equals}`;
  return '';
}

/** The figures as a Markdown table (what the runner prints and docs/reliability.md holds), notes after it. */
export function formatFigures(parts: readonly PartFigures[]): string {
  const rows: string[][] = [['part', 'figure', 'value', 'required']];
  for (const p of parts) for (const f of p.figures) rows.push([p.part, f.figure, String(f.value), requirementOf(f)]);
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (i === 2 ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join(' | ')} |`;
  const out = [line(rows[0]!), `|${width.map((w, i) => (i === 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...rows.slice(1).map(line)];
  const notes = parts.flatMap((p) => (p.notes ?? []).map((n) => `- ${p.part}: ${n}`));
  return [...out, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
