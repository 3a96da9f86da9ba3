import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runMeasured, type MeasuredRun } from './support/measured-run.js';
import { diffSnapshots, snapshotWorkspace } from './support/workspace-state.js';
import { copyTemplate, CORPUS_INPUTS, DAY2 } from './base-workspace.js';
import type { CorpusCase } from './cases.js';
import { crashOrBusy } from '../reliability/breakfix-process.js';

/** Each case must finish in this time, and its breakfix process stay under this peak RSS. */
export const CASE_TIME_LIMIT_MS = 60_000;
export const CASE_RSS_LIMIT_KIB = 512 * 1024;

export interface CaseOutcome {
  readonly run: MeasuredRun;
  /** The line of the output that names the location and the problem, if any. */
  readonly errorLine: string | undefined;
  /** The error names the file (location) and the problem, with the expected exit code, and is not a crash. */
  readonly clear: boolean;
  /** What changed in the workspace's earlier state (empty: nothing lost). */
  readonly lost: readonly string[];
  readonly dir: string;
}

/** The location the error must name, as it appears in the output. */
export function expectedLocation(c: CorpusCase, dir: string): string | undefined {
  const at = c.expect.at;
  if (at === undefined) return undefined;
  if (at.startsWith('command ')) return at;
  return join(dir, at.replaceAll('{day}', DAY2));
}

/**
 * Run one case: copy the template, put the case's files in, snapshot the
 * workspace, run the command on the next day, snapshot again. The copy is
 * removed afterwards unless `keep`.
 */
export async function runCase(template: string, c: CorpusCase, keep = false): Promise<CaseOutcome> {
  const dir = copyTemplate(template);
  const before = snapshotWorkspace(dir);
  for (const f of c.files) {
    const dest = join(dir, f.path);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, f.generate ? f.generate() : readFileSync(join(CORPUS_INPUTS, f.from!)));
  }
  const run = await runMeasured(dir, c.args ?? ['pass'], { env: { BREAKFIX_NOW: `${DAY2}T12:00:00Z` }, timeoutMs: CASE_TIME_LIMIT_MS });
  const after = snapshotWorkspace(dir, before.logHighWater);
  const lost = diffSnapshots(before, after);
  const output = `${run.stdout}\n${run.stderr}`;
  const loc = expectedLocation(c, dir);
  const errorLine = output.split('\n').find((l) => (loc === undefined || l.includes(`${loc}: `) || l.includes(`${loc} `) || l.endsWith(loc)) && l.includes(c.expect.problem));
  const clear = run.code === c.expect.code && run.code !== 0 && errorLine !== undefined && crashOrBusy(output) === null;
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return { run, errorLine, clear, lost, dir };
}
