import type { RunResult } from './fuzz-workspace.js';

/**
 * What one target's runs came to, for the figures. Once a run has failed,
 * fast-check re-runs shrunk versions of its input to find the smallest
 * failing one; those are not new inputs, so the tally stops counting at the
 * first failure (which it counts).
 */
export class Tally {
  generated = 0;
  accepted = 0;
  /** Rejected with an input error that names the file. */
  rejected = 0;
  /** … and of those, with a line or a JSON path too. */
  located = 0;
  /** … and of those, refused by SQLite rather than by the parser. */
  byDatabase = 0;
  rejectedUnnamed = 0;
  exceptions = 0;
  unexpected = 0;
  overTime = 0;
  invalidHostRows = 0;
  slowestMs = 0;
  private failed = false;

  constructor(
    readonly target: string,
    private readonly timeBoundMs: number,
  ) {}

  /** Count a run; returns what is wrong with it (empty when nothing is). */
  record(result: RunResult): string[] {
    const problems = problemsOf(result, this.timeBoundMs);
    if (this.failed) return problems;
    this.failed = problems.length > 0;
    this.generated++;
    this.slowestMs = Math.max(this.slowestMs, result.ms);
    if (result.ms > this.timeBoundMs) this.overTime++;
    const o = result.outcome;
    switch (o.kind) {
      case 'accepted':
        this.accepted++;
        this.invalidHostRows += o.invalidHosts.length;
        break;
      case 'rejected':
        if (!o.namesFile) {
          this.rejectedUnnamed++;
          break;
        }
        this.rejected++;
        if (o.located) this.located++;
        if (o.byDatabase) this.byDatabase++;
        break;
      case 'exception':
        this.exceptions++;
        break;
      case 'unexpected':
        this.unexpected++;
        break;
    }
    return problems;
  }

  /** The sum of several targets' tallies. */
  static total(tallies: readonly Tally[], timeBoundMs: number): Tally {
    const sum = new Tally('all', timeBoundMs);
    for (const t of tallies) {
      for (const key of COUNTS) sum[key] += t[key];
      sum.slowestMs = Math.max(sum.slowestMs, t.slowestMs);
    }
    return sum;
  }
}

const COUNTS = ['generated', 'accepted', 'rejected', 'located', 'byDatabase', 'rejectedUnnamed', 'exceptions', 'unexpected', 'overTime', 'invalidHostRows'] as const;

/** The oracle: what is wrong with one run, in words (empty when nothing is). */
export function problemsOf(result: RunResult, timeBoundMs: number): string[] {
  const problems: string[] = [];
  const o = result.outcome;
  if (o.kind === 'exception') problems.push(`importSources threw instead of reporting an input error: ${o.error}`);
  if (o.kind === 'unexpected') problems.push(o.detail);
  if (o.kind === 'rejected' && !o.namesFile) problems.push(`the error does not start with the file's path: ${o.message}`);
  if (o.kind === 'accepted' && o.invalidHosts.length > 0) {
    const shown = o.invalidHosts.slice(0, 5).map((h) => `${h.column} = ${JSON.stringify(h.value)}`);
    problems.push(`stored ${o.invalidHosts.length} invalid hostname${o.invalidHosts.length === 1 ? '' : 's'}: ${shown.join(', ')}`);
  }
  if (result.ms > timeBoundMs) problems.push(`the import took ${Math.round(result.ms)} ms, over the ${timeBoundMs} ms bound (a hang)`);
  return problems;
}
