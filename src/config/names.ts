import { compareBytewise } from '../util/bytewise.js';
import { LAYOUT } from '../workspace.js';

/**
 * Names of sources, views and actions. Each becomes a file name — a view's
 * exported file in runs/DAY/, a source's saved output in runs/DAY/inputs/,
 * an action's plan in runs/DAY/plan/ — and an SQL identifier, so a name is
 * lower-case letters, digits and single dashes, not too long to read in a
 * table, and never one of the names breakfix gives its own files there.
 */
export const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Longer names are typos or generated junk; 64 fits a terminal's table column and any file system. */
export const MAX_NAME_LENGTH = 64;

/**
 * What breakfix writes in a day's directory (and beside it), by the part of
 * the name before its extension, with where it is: a view called `plan`
 * would be exported over the plan directory, one called `state` or
 * `manifest` would sit beside state.db and manifest.json and be mistaken for
 * them.
 */
const DAY = `${LAYOUT.runs}/DAY`;
export const RESERVED_FILE_NAMES: ReadonlyMap<string, string> = new Map([
  ['state', `${DAY}/${LAYOUT.db}`],
  ['manifest', `${DAY}/${LAYOUT.manifest}`],
  ['inputs', `${DAY}/${LAYOUT.inputs}/`],
  ['plan', `${DAY}/${LAYOUT.plan}/`],
  ['transcript', `${DAY}/${LAYOUT.transcript}`],
  ['report', `${DAY}/report.html`],
  ['runs', `${LAYOUT.runs}/`],
  ['lock', `${LAYOUT.runs}/${LAYOUT.lock}`],
  ['pause', `${LAYOUT.runs}/${LAYOUT.pause}`],
  ['queries', `${LAYOUT.queries}/`],
]);

/** Why `name` may not name a source, view or action, or undefined when it may. `what` is `source`, `view` or `action`. */
export function nameProblem(name: string, what: string): string | undefined {
  if (!NAME.test(name)) return `expected a ${what} name of lower-case letters, digits and single dashes (like "hdfs-dwh")`;
  if (name.length > MAX_NAME_LENGTH) return `a ${what} name is at most ${MAX_NAME_LENGTH} characters long, got ${name.length}`;
  const reserved = RESERVED_FILE_NAMES.get(name);
  if (reserved !== undefined) {
    return `"${name}" is reserved: breakfix's own ${reserved} has that name (reserved: ${[...RESERVED_FILE_NAMES.keys()].sort(compareBytewise).join(', ')})`;
  }
  return undefined;
}
