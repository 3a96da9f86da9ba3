import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchInserter, quoteIdent, sqlLiteral } from '../../src/db/bulk-insert.js';

function table(): Database.Database {
  const raw = new Database(':memory:');
  raw.exec('CREATE TABLE "odd ""name""" (k TEXT PRIMARY KEY, n INTEGER, src TEXT, imp INTEGER)');
  return raw;
}
const NAME = 'odd "name"';

describe('BatchInserter', () => {
  it('inserts every row, in order, across full batches and the flushed remainder', () => {
    const raw = table();
    const ins = new BatchInserter(raw, NAME, ['k', 'n']);
    // 2 columns: 256 rows a batch (the cap); 1000 rows = 3 full batches + 232 flushed one by one.
    for (let i = 0; i < 1000; i++) ins.push([`h${String(i).padStart(4, '0')}`, i]);
    expect(ins.inserted).toBe(768); // only the full batches are written before flush
    expect(ins.flush()).toBe(1000);
    expect(ins.inserted).toBe(1000);
    expect(raw.prepare(`SELECT count(*), sum(n), min(k), max(k) FROM ${quoteIdent(NAME)}`).raw().get()).toEqual([1000, 499500, 'h0000', 'h0999']);
    raw.close();
  });

  it('writes constant columns into the statement and counts what INSERT OR IGNORE dropped', () => {
    const raw = table();
    const ins = new BatchInserter(raw, NAME, ['k', 'n'], { verb: 'INSERT OR IGNORE', constants: [['src', "it's"], ['imp', 7]] });
    for (const k of ['a', 'b', 'a', 'c', 'b']) ins.push([k, 1]);
    expect(ins.flush()).toBe(5);
    expect(ins.inserted).toBe(3);
    expect(raw.prepare(`SELECT k, src, imp FROM ${quoteIdent(NAME)} ORDER BY k`).raw().all()).toEqual([
      ['a', "it's", 7],
      ['b', "it's", 7],
      ['c', "it's", 7],
    ]);
    raw.close();
  });

  it('a plain INSERT of a repeated key fails (the caller owns the transaction and rolls back)', () => {
    const raw = table();
    const ins = new BatchInserter(raw, NAME, ['k', 'n']);
    raw.exec('BEGIN');
    ins.push(['a', 1]);
    ins.push(['a', 2]);
    expect(() => ins.flush()).toThrow(/UNIQUE constraint failed/);
    raw.exec('ROLLBACK');
    expect(raw.prepare(`SELECT count(*) FROM ${quoteIdent(NAME)}`).pluck().get()).toBe(0);
    raw.close();
  });
});

describe('SQL literals', () => {
  it('quote identifiers and constants the way SQLite reads them back', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral("o'neil")).toBe("'o''neil'");
    const raw = new Database(':memory:');
    expect(raw.prepare(`SELECT ${sqlLiteral("o'neil")}, ${sqlLiteral(-1.5)}, ${sqlLiteral(null)}`).raw().get()).toEqual(["o'neil", -1.5, null]);
    raw.close();
    expect(() => sqlLiteral(Number.NaN)).toThrow('sqlLiteral: NaN has no SQL literal');
  });
});
