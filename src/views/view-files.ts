import { compareBytewise } from '../util/bytewise.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameProblem } from '../config/names.js';
import { QueryError } from '../errors.js';
import { sqlName } from '../sources/source-tables.js';

export type ViewOrigin = 'stock' | 'workspace';

/** One `queries/<name>.sql` file: a named view (docs/design.md#tables-and-views). */
export interface ViewDef {
  /** File name without `.sql`: `candidate-rekick`. Also the exported file's name. */
  readonly name: string;
  /** SQL identifier: `candidate_rekick`. */
  readonly sqlName: string;
  readonly file: string;
  readonly origin: ViewOrigin;
  readonly description: string | undefined;
  /** `-- depends:` as written (view names with dashes), or undefined to infer from the SQL. */
  readonly declaredDepends: readonly string[] | undefined;
  /** The SQL, header comments included (SQLite keeps them in the view's text). */
  readonly sql: string;
  /** A workspace view that replaces the stock view of the same name. */
  readonly overridesStock: boolean;
  /**
   * `-- reads-clock: sample-age`: the view reads the clock only as `ts <
   * settings.now - settings.max_sample_age` on metric sample times, so it is
   * recomputed only when the clock carries that cutoff across a sample time
   * (src/export/clock-version.ts). Without it a view reading settings is
   * recomputed whenever the clock moves.
   */
  readonly clock?: 'sample-age' | undefined;
}

const VIEW_FILE = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.sql$/;

/**
 * Read the stock library and the workspace's queries/ directory. A workspace
 * view with a stock view's name replaces it (and says so). A `.sql` file whose
 * name is not a valid view name (config/names.ts: a reserved one, or too
 * long, included) is an error rather than silently skipped.
 */
export function readViewFiles(stockDir: string, workspaceDir: string | undefined): ViewDef[] {
  const stock = readDir(stockDir, 'stock');
  const local = workspaceDir !== undefined && existsSync(workspaceDir) ? readDir(workspaceDir, 'workspace') : [];
  const localNames = new Set(local.map((v) => v.name));
  return [
    ...stock.filter((v) => !localNames.has(v.name)),
    ...local.map((v) => ({ ...v, overridesStock: stock.some((s) => s.name === v.name) })),
  ].sort((a, b) => compareBytewise(a.name, b.name));
}

function readDir(dir: string, origin: ViewOrigin): ViewDef[] {
  const defs: ViewDef[] = [];
  for (const entry of readdirSync(dir).sort(compareBytewise)) {
    if (!entry.endsWith('.sql')) continue;
    const file = join(dir, entry);
    const m = VIEW_FILE.exec(entry);
    if (!m) {
      throw new QueryError(`${file}: a view file name must be lower-case letters, digits and single dashes, ending in .sql (like candidate-rekick.sql)`);
    }
    // The view is exported to runs/DAY/<name>: it must not take the name of a file breakfix writes there.
    const problem = nameProblem(m[1]!, 'view');
    if (problem !== undefined) throw new QueryError(`${file}: ${problem}`);
    const sql = readFileSync(file, 'utf8');
    const header = parseHeader(sql);
    if (header.clock !== undefined && header.clock !== 'sample-age') {
      throw new QueryError(`${file}: -- reads-clock: ${JSON.stringify(header.clock)} is not known (the one kind is sample-age: the view compares sample times with now - max_sample_age, and nothing else of the clock)`);
    }
    for (const dep of header.depends ?? []) {
      if (!/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/.test(dep)) throw new QueryError(`${file}: -- depends: ${JSON.stringify(dep)} is not a view name`);
    }
    defs.push({
      name: m[1]!,
      sqlName: sqlName(m[1]!),
      file,
      origin,
      description: header.description,
      declaredDepends: header.depends,
      sql,
      overridesStock: false,
      ...(header.clock !== undefined ? { clock: 'sample-age' as const } : {}),
    });
  }
  return defs;
}

/** The `-- key: value` lines at the top of a view file. */
export function parseHeader(sql: string): { description: string | undefined; depends: string[] | undefined; clock: string | undefined } {
  let description: string | undefined;
  let depends: string[] | undefined;
  let clock: string | undefined;
  for (const raw of sql.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^--\s*([A-Za-z_-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) {
      if (line.startsWith('--')) continue;
      break;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'description') description = description === undefined ? value : `${description} ${value}`;
    else if (key === 'depends') depends = [...(depends ?? []), ...value.split(/[\s,]+/).filter(Boolean)];
    else if (key === 'reads-clock') clock = value;
  }
  return { description, depends, clock };
}
