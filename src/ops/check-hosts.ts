import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { lastGoodImport } from '../db/imports-table.js';
import { FIXED_TABLE_OF_KIND } from '../db/schema.js';
import { columnsOf, sqlName, tableExists } from '../sources/source-tables.js';
import { assessMatch, type MatchStats } from './check-match.js';

// `breakfix check`'s host part: for each source of an imported day, the
// share of its hosts the inventory does not know (counted here, judged by
// ./check-match.ts).

export interface SourceMatch {
  readonly source: string;
  readonly kind: string;
  /** ok / flagged: counted; not-imported: no good import on the day; n/a: not compared (the inventory, a table without host_columns). */
  readonly status: 'ok' | 'flagged' | 'not-imported' | 'n/a';
  readonly hosts: number | null;
  readonly unmatched: number | null;
  readonly share: number | null;
  readonly explanation: string | null;
}

/** Per source, its distinct hosts and those the configured inventory does not know. */
export function matchSources(db: Database, config: Config): { sources: SourceMatch[]; note: string | null } {
  const inv = config.hosts.inventory;
  if (inv === undefined) return { sources: [], note: 'no inventory source configured: nothing to match hosts against' };
  const invTable = sqlName(inv);
  if (!tableExists(db, invTable)) return { sources: [], note: `inventory ${inv} has not been imported: cannot tell which hosts it knows` };
  const inventoryHasIp = columnsOf(db, invTable).includes('ip');
  const sources: SourceMatch[] = [];
  for (const src of config.sources) {
    const base = { source: src.name, kind: src.kind, hosts: null, unmatched: null, share: null, explanation: null };
    if (src.name === inv) {
      sources.push({ ...base, status: 'n/a', explanation: 'the inventory itself' });
      continue;
    }
    const hostsSql = hostsOf(src, db);
    if (hostsSql === undefined) {
      sources.push({ ...base, status: 'n/a', explanation: src.kind === 'table' ? 'no host_columns: not compared' : 'a second inventory: not compared' });
      continue;
    }
    if (lastGoodImport(db, src.name) === undefined) {
      sources.push({ ...base, status: 'not-imported' });
      continue;
    }
    const stats = matchStats(db, hostsSql.sql, hostsSql.params, quoteIdent(invTable), inventoryHasIp);
    const verdict = assessMatch(stats);
    sources.push({
      ...base,
      status: verdict.flagged ? 'flagged' : 'ok',
      hosts: stats.hosts,
      unmatched: stats.unmatched,
      share: verdict.share,
      explanation: verdict.explanation,
    });
  }
  return { sources, note: null };
}

function hostsOf(src: NamedSource, db: Database): { sql: string; params: unknown[] } | undefined {
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  if (fixed !== undefined) return { sql: `SELECT DISTINCT hostname FROM ${fixed} WHERE source = ?`, params: [src.name] };
  const t = quoteIdent(sqlName(src.name));
  if (src.kind === 'hostlist') return tableExists(db, sqlName(src.name)) ? { sql: `SELECT hostname FROM ${t}`, params: [] } : undefined;
  if (src.kind === 'table' && src.host_columns.length > 0 && tableExists(db, sqlName(src.name))) {
    // The first host column, as the import's own unmatched count does.
    const c = quoteIdent(src.host_columns[0]!);
    return { sql: `SELECT DISTINCT ${c} AS hostname FROM ${t} WHERE ${c} IS NOT NULL`, params: [] };
  }
  return undefined;
}

function matchStats(db: Database, hostsSql: string, params: unknown[], inv: string, inventoryHasIp: boolean): MatchStats {
  // `||` binds tighter than comparisons: the range is every inventory name starting "<short>.".
  const shortOf = `instr(u.hostname, '.') = 0 AND EXISTS (SELECT 1 FROM ${inv} AS i WHERE i.hostname >= u.hostname || '.' AND i.hostname < u.hostname || '/')`;
  const row = db
    .prepare(
      `WITH h(hostname) AS (${hostsSql}),
            u AS (SELECT hostname FROM h WHERE hostname NOT IN (SELECT hostname FROM ${inv}))
       SELECT (SELECT count(*) FROM h) AS hosts,
              (SELECT count(*) FROM u) AS unmatched,
              (SELECT count(*) FROM u WHERE ${shortOf}) AS short,
              (SELECT count(*) FROM u WHERE hostname GLOB '*:*' OR hostname NOT GLOB '*[^0-9.]*') AS ips,
              (SELECT u.hostname FROM u WHERE ${shortOf} ORDER BY u.hostname LIMIT 1) AS example`,
    )
    .get(...params) as { hosts: number; unmatched: number; short: number; ips: number; example: string | null };
  const exampleInventory =
    row.example === null
      ? null
      : ((db.prepare(`SELECT min(hostname) AS h FROM ${inv} WHERE hostname >= ? || '.' AND hostname < ? || '/'`).get(row.example, row.example) as { h: string | null }).h ?? null);
  return {
    hosts: row.hosts,
    unmatched: row.unmatched,
    shortOfInventory: row.short,
    shortExample: row.example !== null && exampleInventory !== null ? { short: row.example, inventory: exampleInventory } : null,
    ipLiterals: row.ips,
    inventoryHasIp,
  };
}
