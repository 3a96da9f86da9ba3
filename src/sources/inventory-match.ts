import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { BatchInserter, quoteIdent } from '../db/bulk-insert.js';
import { FIXED_TABLE_OF_KIND } from '../db/schema.js';
import { compareBytewise } from '../util/bytewise.js';
import { columnsOf, sqlName, tableExists } from './source-tables.js';

// How an import's hosts meet the inventory: IP literals mapped to the
// inventory's names, the hosts it does not know counted, and metric_hosts
// (a metrics source's distinct hosts) recorded for that count.

/** The inventory that IP literals map through and unmatched hosts are counted against. */
export interface InventoryInfo {
  readonly table: string;
  readonly hasIp: boolean;
}

export function inventoryInfo(db: Database, config: Config): InventoryInfo | undefined {
  const name = config.hosts.inventory;
  if (name === undefined) return undefined;
  const table = sqlName(name);
  if (!tableExists(db, table)) return undefined;
  return { table, hasIp: columnsOf(db, table).includes('ip') };
}

/**
 * Replace IP literals by the inventory hostname that has that IP. Returns the
 * new row count for hostlists (a host named both by IP and by name collapses
 * to one row), undefined otherwise.
 */
export function mapIpLiterals(db: Database, src: NamedSource, inv: InventoryInfo): number | undefined {
  const invT = quoteIdent(inv.table);
  // Made on first need and kept until the inventory is imported again (which recreates its table).
  db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${inv.table}__ip`)} ON ${invT} ("ip")`);
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  if (fixed !== undefined) {
    db.prepare(
      `UPDATE ${fixed} AS t SET hostname = i.hostname FROM ${invT} AS i WHERE t.source = ? AND i.ip = t.hostname AND i.ip IS NOT NULL`,
    ).run(src.name);
    return undefined;
  }
  if (src.kind === 'hostlist') {
    const t = quoteIdent(sqlName(src.name));
    db.exec(`INSERT OR IGNORE INTO ${t} (hostname, _import, _line) SELECT i.hostname, h._import, h._line FROM ${t} AS h JOIN ${invT} AS i ON i.ip = h.hostname`);
    db.exec(`DELETE FROM ${t} WHERE hostname IN (SELECT ip FROM ${invT} WHERE ip IS NOT NULL)`);
    return (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return undefined;
}

/**
 * How many of `hosts` the inventory does not list: the distinct hosts an
 * import saw (HDFS and YARN sources), probed against the inventory's primary
 * key in batches inside SQLite — one probe per distinct host instead of one
 * per row.
 */
export function countUnknownHosts(db: Database, hosts: ReadonlySet<string>, inv: InventoryInfo): number {
  const stmt = db.prepare(
    `SELECT count(*) AS n FROM json_each(?) AS j WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(inv.table)} AS i WHERE i.hostname = j.value)`,
  );
  // Probed in key order: each inventory page is then read once, where random
  // order made a 1M-host probe cost ~10 µs (a page miss per probe). Bytewise
  // is SQLite's BINARY order.
  const sorted = [...hosts].sort(compareBytewise);
  let unknown = 0;
  for (let i = 0; i < sorted.length; i += 10_000) {
    unknown += (stmt.get(JSON.stringify(sorted.slice(i, i + 10_000))) as { n: number }).n;
  }
  return unknown;
}

export function countUnmatched(db: Database, src: NamedSource, inv: InventoryInfo): number | null {
  const invT = quoteIdent(inv.table);
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  let sql: string;
  if (fixed !== undefined) {
    sql = `SELECT count(DISTINCT hostname) AS n FROM ${fixed} WHERE source = ? AND hostname NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get(src.name) as { n: number }).n;
  }
  if (src.kind === 'hostlist') {
    sql = `SELECT count(*) AS n FROM ${quoteIdent(sqlName(src.name))} WHERE hostname NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get() as { n: number }).n;
  }
  if (src.kind === 'table' && src.host_columns.length > 0) {
    const col = quoteIdent(src.host_columns[0]!);
    sql = `SELECT count(DISTINCT ${col}) AS n FROM ${quoteIdent(sqlName(src.name))} WHERE ${col} IS NOT NULL AND ${col} NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get() as { n: number }).n;
  }
  return null;
}

/**
 * Fill metric_hosts for a metrics source just loaded: from the distinct hosts
 * the normaliser saw, in key order (sequential inserts), or — when there were
 * too many to keep, or IP literals were remapped after the load — from the
 * samples themselves.
 */
export function recordMetricHosts(db: Database, source: string, distinct: ReadonlySet<string> | undefined): void {
  if (distinct === undefined) {
    db.prepare('INSERT INTO metric_hosts (source, hostname) SELECT DISTINCT source, hostname FROM metric_samples WHERE source = ?').run(source);
    return;
  }
  const inserter = new BatchInserter(db, 'metric_hosts', ['hostname'], { constants: [['source', source]] });
  const row: string[] = [''];
  // Bytewise: SQLite's BINARY order, the table's key order.
  for (const h of [...distinct].sort(compareBytewise)) {
    row[0] = h;
    inserter.push(row);
  }
  inserter.flush();
}

/** Distinct hosts of a metrics source the inventory does not list: both keyed, so a merge-like pass in key order. */
export function countUnmatchedMetricHosts(db: Database, source: string, inv: InventoryInfo): number {
  const sql = `SELECT count(*) AS n FROM metric_hosts WHERE source = ? AND hostname NOT IN (SELECT hostname FROM ${quoteIdent(inv.table)})`;
  return (db.prepare(sql).get(source) as { n: number }).n;
}
