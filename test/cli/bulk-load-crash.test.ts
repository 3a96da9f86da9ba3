import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../bench/generate.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';

/**
 * The first import of a day runs with a rollback journal instead of WAL
 * (src/db/bulk-load-journal.ts). A kill -9 at any moment of it must leave a
 * state.db that the next command finds consistent: every source either fully
 * imported (its `ok` row and all its rows) or not at all, and the database
 * back in WAL mode once a command has opened it.
 */

const DAY = '2026-11-23';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the next command sees (opening for writing rolls a hot journal back first): all of each import or none of it. */
function expectConsistent(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[];
    if (!tables.includes('imports')) {
      // Killed before the schema was committed: nothing of it is there.
      expect(tables).toEqual([]);
      return;
    }
    const imports = db.prepare(`SELECT source, rows FROM imports WHERE status = 'ok'`).all() as { source: string; rows: number }[];
    for (const { source, rows } of imports) {
      const table = source === 'metrics' ? 'metric_samples' : `"${source.replaceAll('-', '_')}"`;
      expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, source).toBe(rows);
    }
    if (!imports.some((i) => i.source === 'metrics')) expect(db.prepare('SELECT count(*) AS n FROM metric_samples').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
}

describe('kill -9 during the first import of a day (rollback-journal bulk load)', () => {
  // A fixed delay lands in some phase or other (start-up, schema, an import,
  // between imports); 'journal' waits until a rollback journal exists, i.e.
  // an import transaction is writing, and kills then.
  for (const killAt of [150, 400, 700, 1000, 'journal'] as const) {
    it(`leaves a consistent state.db when killed ${killAt === 'journal' ? 'while the rollback journal is hot' : `after ${killAt} ms`}`, async () => {
      const ws = generateWorkspace({ hosts: 20_000, seed: 5, out: tempDir('bf-crash-') });
      const env = { BREAKFIX_NOW: ws.now };
      const dbFile = join(ws.dir, 'runs', DAY, 'state.db');
      const child = startCli(ws.dir, ['import'], { env });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      if (killAt === 'journal') {
        // Remember that the journal was seen rather than checking it again:
        // it comes and goes with each source's transaction, so a second look
        // a moment later can miss it (a race this test once lost in CI).
        let sawJournal = false;
        for (let waited = 0; waited < 20_000; waited += 2) {
          if (existsSync(`${dbFile}-journal`)) {
            sawJournal = true;
            break;
          }
          await sleep(2);
        }
        expect(sawJournal).toBe(true);
      } else {
        await sleep(killAt);
      }
      child.kill('SIGKILL');
      await exited;

      if (existsSync(dbFile)) expectConsistent(dbFile);

      // And the workspace carries on: the next import completes, in WAL mode.
      const again = runCli(ws.dir, ['import'], { env });
      // (The killed process's lock is stale: the next command says it takes it over, and nothing else.)
      expect(again.stderr.replace(/^breakfix: warning: took over a stale lock.*\n/, '')).toBe('');
      expect(again.code).toBe(0);
      const db = new Database(dbFile, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.prepare('SELECT count(*) AS n FROM metric_samples').get()).toEqual({ n: ws.rows['metrics.tsv'] });
        expect(existsSync(`${dbFile}-journal`)).toBe(false);
      } finally {
        db.close();
      }
    });
  }
});
