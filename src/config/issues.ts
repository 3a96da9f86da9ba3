import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { compareBytewise } from '../util/bytewise.js';

// How a problem in breakfix.yaml is told: where (the key's path and line)
// and what (a schema issue in words), in file order.

/** `sources.hdfs.kind`, `actions.drain.run[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

export type Issue = z.core.$ZodIssue & { input?: unknown };

export function describeIssue(issue: Issue): string {
  const got = `got ${describeInput(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}, ${got}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelled?)`;
    case 'too_small':
      return `${issue.message.replace(/^Too small: /, '')}, ${got}`;
    case 'too_big':
      return `${issue.message.replace(/^Too big: /, '')}, ${got}`;
    case 'invalid_key':
      return `${describeInput(issue.path[issue.path.length - 1])} is not a valid name: ${issue.issues[0]?.message ?? issue.message}`;
    case 'invalid_union':
      return `${issue.message}, ${got}`;
    default:
      return `${issue.message}${issue.input !== undefined ? `, ${got}` : ''}`;
  }
}

/** The 1-based line of the node at `path` (or its nearest existing parent). */
export function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    let node: unknown = doc.getIn(sub as unknown[], true);
    // A missing key reports its parent map; an unknown key reports the key itself.
    if (n < path.length && isMap(node)) {
      const key = path[n];
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

/** The 1-based line of the key of the pair at `path` (its last element names the key). */
export function keyLineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? counter.linePos(range[0]).line : undefined;
}

/** Problems in file order, so a person can fix them top to bottom. */
export function sortByLine(problems: string[]): string[] {
  const lineOfProblem = (p: string) => Number(/^[^:]*:(\d+)/.exec(p)?.[1] ?? 0);
  return [...problems].sort((a, b) => lineOfProblem(a) - lineOfProblem(b) || compareBytewise(a, b));
}
