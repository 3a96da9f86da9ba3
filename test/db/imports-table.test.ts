import { afterEach, describe, expect, it } from 'vitest';
import { insertImport, lastGoodImport } from '../../src/db/imports-table.js';
import { TestWorkspace } from '../helpers/import.js';

let tw: TestWorkspace;
afterEach(async () => tw?.close());

const BASE = { source: 'inv', kind: 'inventory', origin: 'path', location: 'inputs/inv.tsv', started_ms: 1000 } as const;

describe('the imports table', () => {
  it('records every attempt, the columns not given as NULL, and numbers them', async () => {
    tw = new TestWorkspace('sources: {}\n');
    const db = (await tw.db()).raw;
    const first = insertImport(db, { ...BASE, status: 'failed', error: 'inputs/inv.tsv:3: bad' });
    const second = insertImport(db, { ...BASE, status: 'ok', rows: 12, sha256: 'abc', data_import: null, finished_ms: 1500 });
    expect(second).toBe(first + 1);
    expect(db.prepare('SELECT id, source, status, error, rows, sha256, pass, cluster, finished_ms FROM imports ORDER BY id').all()).toEqual([
      { id: first, source: 'inv', status: 'failed', error: 'inputs/inv.tsv:3: bad', rows: null, sha256: null, pass: null, cluster: null, finished_ms: null },
      { id: second, source: 'inv', status: 'ok', error: null, rows: 12, sha256: 'abc', pass: null, cluster: null, finished_ms: 1500 },
    ]);
  });

  it("gives a source's latest ok or unchanged import, never a failed or running one, nor another source's", async () => {
    tw = new TestWorkspace('sources: {}\n');
    const db = (await tw.db()).raw;
    expect(lastGoodImport(db, 'inv')).toBeUndefined();
    const ok = insertImport(db, { ...BASE, status: 'ok', rows: 10, sha256: 's1', config_hash: 'c1', file: '/w/inputs/inv.tsv', file_stat: 'st' });
    db.prepare('UPDATE imports SET data_import = id WHERE id = ?').run(ok);
    const unchanged = insertImport(db, { ...BASE, status: 'unchanged', rows: 10, sha256: 's1', config_hash: 'c1', data_import: ok, unmatched: 2, skipped: 0 });
    insertImport(db, { ...BASE, status: 'failed', error: 'boom' });
    insertImport(db, { ...BASE, status: 'running' });
    insertImport(db, { ...BASE, source: 'other', status: 'ok', rows: 99 });
    expect(lastGoodImport(db, 'inv')).toEqual({
      id: unchanged,
      file: null,
      file_stat: null,
      sha256: 's1',
      config_hash: 'c1',
      rows: 10,
      unmatched: 2,
      duplicates: null,
      skipped: 0,
      data_import: ok,
    });
  });
});
