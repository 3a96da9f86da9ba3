import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionConfig } from '../../src/config/schema.js';
import type { Cell } from '../../src/util/text-table.js';
import { writeViewFile } from '../../src/export/write-view.js';
import { DEFAULT_HOST_OPTIONS } from '../../src/hosts/hostname.js';
import { populationOf, readCandidates, readPopulationSizes, type CandidateRow } from '../../src/pass/gather.js';

const HOSTS = DEFAULT_HOST_OPTIONS;

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
    expect([...readPopulationSizes(db, action, HOSTS, 'v1').sizes]).toEqual([
      ['dwh', 2],
      ['etl', 1],
    ]);
    // The data changes but the version says it did not: the stored count is what the caller asked for.
    db.exec(`INSERT INTO t VALUES ('d.x', 'dwh')`);
    expect(readPopulationSizes(db, action, HOSTS, 'v1').sizes.get('dwh')).toBe(2);
    // A new version counts again, and is what is stored from then on.
    expect(readPopulationSizes(db, action, HOSTS, 'v2').sizes.get('dwh')).toBe(3);
    expect(db.prepare('SELECT version FROM population_cache').pluck().all()).toEqual([expect.stringMatching(/^v2 hosts:/)]);
  });

  it('counts afresh and stores nothing without a version', () => {
    const db = dbWithPopulation();
    expect(readPopulationSizes(db, action, HOSTS).sizes.get('dwh')).toBe(2);
    db.exec(`INSERT INTO t VALUES ('d.x', 'dwh')`);
    expect(readPopulationSizes(db, action, HOSTS).sizes.get('dwh')).toBe(3);
    expect(db.prepare('SELECT count(*) FROM population_cache').pluck().get()).toBe(0);
  });
});

describe('populationOf', () => {
  it('finds hosts the population spells otherwise, from the counts or, when too many were kept, by a scan', () => {
    const db = dbWithPopulation();
    db.exec(`INSERT INTO t VALUES ('D.X:9866', 'etl'), ('e.x.', 'etl'), ('bad host', 'etl')`);
    const sizes = readPopulationSizes(db, action, HOSTS);
    expect([...sizes.sizes]).toEqual([
      ['dwh', 2],
      ['etl', 3],
    ]);
    expect(sizes.respelled).toEqual([
      ['etl', 'd.x'],
      ['etl', 'e.x'],
    ]);
    const asked = ['a.x', 'c.x', 'd.x', 'e.x', 'zz.x'];
    for (const pop of [sizes, { ...sizes, respelled: null }]) {
      const got = populationOf(db, pop, asked, HOSTS);
      expect(asked.filter((h) => got.get('etl')!.has(h))).toEqual(['c.x', 'd.x', 'e.x']);
      expect(asked.filter((h) => got.get('dwh')!.has(h))).toEqual(['a.x']);
    }
  });
});

describe('readCandidates', () => {
  const candidatesAction = { name: 'rekick', candidates: 'cands', spread: 'rack', group: 'grp' } as unknown as ActionConfig;
  const label = fc.oneof(
    fc.constantFrom<Cell>(null, '', '-', '\\-', 'a\tb', 'back\\slash', 'line\nbreak', 'ünï', ' '),
    fc.string({ maxLength: 6 }),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom<Cell>(1.0, 2.5, -0.0, 1e20),
  );
  const hostname = fc.oneof(fc.constantFrom<Cell>('dn1.x', 'DN2.x:9866', 'bad host', '-', null, 12345), fc.stringMatching(/^[a-z][a-z0-9]{0,5}\.x$/));
  const row = fc.tuple(hostname, label, label, label);

  function viewDb(rows: readonly (readonly Cell[])[]): Database.Database {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (hostname, cluster, rack, grp); CREATE VIEW cands AS SELECT hostname, cluster, rack, grp FROM t');
    const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
    for (const r of rows) ins.run(...r);
    return db;
  }

  it('reads an intact exported file exactly as it reads the view', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-cands-'));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const db = viewDb(rows);
        const file = join(dir, 'cands');
        const written = writeViewFile(db, 'cands', file);
        const fromFile = readCandidates(db, candidatesAction, HOSTS, { file, columns: written.columns, sha256: written.sha256 });
        const fromSql = readCandidates(db, candidatesAction, HOSTS);
        // The same candidates, in the file's (bytewise) order rather than SQLite's.
        const key = (c: CandidateRow) => JSON.stringify(c);
        expect(fromFile.rows.map(key).sort()).toEqual(fromSql.rows.map(key).sort());
        expect(fromFile.invalid.map((r) => JSON.stringify(r)).sort()).toEqual(fromSql.invalid.map((r) => JSON.stringify(r)).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('queries the view when the file was edited or removed since the export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-cands-'));
    const db = viewDb([
      ['dn1.x', 'dwh', 'r1', 'g1'],
      ['dn2.x', 'dwh', 'r2', null],
    ]);
    const file = join(dir, 'cands');
    const written = writeViewFile(db, 'cands', file);
    const exported = { file, columns: written.columns, sha256: written.sha256 };
    // An operator adds a host to the file: the plan must not trust it.
    writeFileSync(file, `${readFileSync(file, 'utf8')}dn9.x\tdwh\tr9\tg9\n`);
    expect(readCandidates(db, candidatesAction, HOSTS, exported).rows.map((r) => r.hostname)).toEqual(['dn1.x', 'dn2.x']);
    rmSync(file);
    expect(readCandidates(db, candidatesAction, HOSTS, exported).rows.map((r) => r.hostname)).toEqual(['dn1.x', 'dn2.x']);
  });
});
