import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ActionConfig } from '../../src/config/schema.js';
import { readPopulationSizes } from '../../src/pass/gather.js';

function dbWithPopulation(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE population_cache (population TEXT PRIMARY KEY, version TEXT NOT NULL, sizes TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE t (hostname TEXT, cluster TEXT);
    INSERT INTO t VALUES ('a.x', 'dwh'), ('b.x', 'dwh'), ('c.x', 'etl');
    CREATE VIEW workers AS SELECT hostname, cluster FROM t;`);
  return db;
}

const action = { name: 'drain', population: 'workers' } as unknown as ActionConfig;

describe('readPopulationSizes', () => {
  it('counts distinct hosts per cluster, and keeps the count under its version', () => {
    const db = dbWithPopulation();
    expect([...readPopulationSizes(db, action, 'v1').sizes]).toEqual([
      ['dwh', 2],
      ['etl', 1],
    ]);
    // The data changes but the version says it did not: the stored count is what the caller asked for.
    db.exec(`INSERT INTO t VALUES ('d.x', 'dwh')`);
    expect(readPopulationSizes(db, action, 'v1').sizes.get('dwh')).toBe(2);
    // A new version counts again, and is what is stored from then on.
    expect(readPopulationSizes(db, action, 'v2').sizes.get('dwh')).toBe(3);
    expect(db.prepare('SELECT version FROM population_cache').pluck().all()).toEqual(['v2']);
  });

  it('counts afresh and stores nothing without a version', () => {
    const db = dbWithPopulation();
    expect(readPopulationSizes(db, action).sizes.get('dwh')).toBe(2);
    db.exec(`INSERT INTO t VALUES ('d.x', 'dwh')`);
    expect(readPopulationSizes(db, action).sizes.get('dwh')).toBe(3);
    expect(db.prepare('SELECT count(*) FROM population_cache').pluck().get()).toBe(0);
  });
});
