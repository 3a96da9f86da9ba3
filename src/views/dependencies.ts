import { compareBytewise } from '../util/bytewise.js';
import { QueryError } from '../errors.js';
import { sqlName } from '../sources/source-tables.js';
import type { ViewDef } from './view-files.js';

/**
 * Every identifier an SQL text mentions, lower-cased: words outside comments
 * and string literals, and the contents of quoted identifiers ("x", `x`, [x]).
 * Over-approximates on purpose (a column named like a view counts): a false
 * dependency only orders creation, a missed one breaks it.
 */
export function referencedIdentifiers(sql: string): Set<string> {
  const ids = new Set<string>();
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'") {
      i++;
      while (i < n) {
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      let name = '';
      while (j < n) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            name += close;
            j += 2;
            continue;
          }
          break;
        }
        name += sql[j];
        j++;
      }
      ids.add(name.toLowerCase());
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      ids.add(sql.slice(i, j).toLowerCase());
      i = j;
    } else i++;
  }
  return ids;
}

export interface OrderedView extends ViewDef {
  /** Views this one reads (sqlNames), declared or inferred. */
  readonly depends: readonly string[];
}

/**
 * Views in an order where each comes after the views it reads. A cycle is an
 * error that shows it: `a --> b --> a`.
 */
export function orderViews(defs: readonly ViewDef[]): OrderedView[] {
  const bySql = new Map(defs.map((d) => [d.sqlName, d]));
  const withDeps: OrderedView[] = defs.map((d) => {
    let depends: string[];
    if (d.declaredDepends !== undefined) {
      depends = d.declaredDepends.map(sqlName);
      const unknown = depends.filter((x) => !bySql.has(x));
      if (unknown.length > 0) {
        // Declared dependencies may name tables too (sources); only views order creation.
        depends = depends.filter((x) => bySql.has(x));
      }
    } else {
      const ids = referencedIdentifiers(stripHeader(d.sql));
      depends = [...ids].filter((id) => id !== d.sqlName && bySql.has(id));
    }
    return { ...d, depends: depends.sort(compareBytewise) };
  });
  const state = new Map<string, 'visiting' | 'done'>();
  const out: OrderedView[] = [];
  const byName = new Map(withDeps.map((v) => [v.sqlName, v]));
  const visit = (v: OrderedView, path: string[]) => {
    const s = state.get(v.sqlName);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(v.name)), v.name];
      throw new QueryError(`${v.file}: views depend on each other in a cycle: ${cycle.join(' --> ')}`);
    }
    state.set(v.sqlName, 'visiting');
    for (const dep of v.depends) visit(byName.get(dep)!, [...path, v.name]);
    state.set(v.sqlName, 'done');
    out.push(v);
  };
  for (const v of withDeps) visit(v, []);
  return out;
}

/** The SQL without its `-- key: value` header lines (a description may mention other views). */
export function stripHeader(sql: string): string {
  const lines = sql.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('--'))) i++;
  return lines.slice(i).join('\n');
}
