import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Mismatch {
  readonly view: string;
  readonly left: string;
  readonly right: string;
  /** 1-based line number of the first difference. */
  readonly line: number;
  readonly leftLine: string | undefined;
  readonly rightLine: string | undefined;
}

/**
 * The first difference between two pipelines' files for each view, or
 * nothing when they are byte-identical. Files are read whole: view outputs
 * are a small share of the inputs.
 */
export function compareOutputs(views: readonly string[], dirs: Readonly<Record<string, string>>): Mismatch[] {
  const names = Object.keys(dirs);
  const [baseName, ...others] = names;
  const mismatches: Mismatch[] = [];
  for (const view of views) {
    const base = readOutput(join(dirs[baseName!]!, view));
    for (const other of others) {
      const theirs = readOutput(join(dirs[other]!, view));
      if (base !== undefined && theirs !== undefined && base.equals(theirs)) continue;
      mismatches.push(firstDifference(view, baseName!, base, other, theirs));
    }
  }
  return mismatches;
}

function readOutput(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

function firstDifference(view: string, left: string, a: Buffer | undefined, right: string, b: Buffer | undefined): Mismatch {
  if (a === undefined || b === undefined) {
    return { view, left, right, line: 0, leftLine: a === undefined ? '(no file)' : undefined, rightLine: b === undefined ? '(no file)' : undefined };
  }
  const la = a.toString('utf8').split('\n');
  const lb = b.toString('utf8').split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  return { view, left, right, line: i + 1, leftLine: la[i], rightLine: lb[i] };
}

export function describeMismatch(m: Mismatch): string {
  const show = (s: string | undefined) => (s === undefined ? '(end of file)' : JSON.stringify(s));
  return `${m.view}: ${m.left} and ${m.right} differ at line ${m.line}: ${m.left} ${show(m.leftLine)}, ${m.right} ${show(m.rightLine)}`;
}
