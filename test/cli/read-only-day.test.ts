import Database from 'better-sqlite3';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDiff } from '../../src/ops/diff.js';
import { explainHost } from '../../src/ops/explain.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const HOST = 'dn1.example.com';

const files = {
  'breakfix.yaml': 'sources:\n  inventory: { kind: inventory, path: inventory.tsv, columns: [hostname, cluster] }\n',
  'inventory.tsv': `${HOST}\tdwh\ndn2.example.com\tdwh\n`,
  'queries/listed.sql': 'SELECT hostname FROM inventory\n',
};

describe('read-only commands beside a writing pass', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('treat a day whose state.db a pass is still creating (no schema yet) as a day without one', () => {
    const dir = makeWorkspace(files);
    // What a reader finds while the day's first pass loads Kysely and migrates: the file, no tables.
    mkdirSync(join(dir, 'runs', DAY), { recursive: true });
    writeFileSync(join(dir, 'runs', DAY, 'state.db'), '');
    for (const args of [['query', 'listed'], ['explain', HOST], ['sql', 'SELECT 1'], ['journal']]) {
      const r = runCli(dir, args, { env: NOW });
      expect(r.stderr, args.join(' ')).toMatch(/no state\.db for this day yet \(a pass is creating it: try again in a moment\)/);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const trend = runCli(dir, ['trend'], { env: NOW });
    expect(trend.stderr).toBe('');
    expect(trend.code).toBe(0);
  });

  it('explain reads one snapshot: an import committed between its statements is not half seen', async () => {
    const dir = makeWorkspace(files);
    expect(runCli(dir, ['import', '-q'], { env: NOW }).code).toBe(0);
    // Between explain's table reads and its view reads, another connection removes the host (as a pass's import would).
    let injected = false;
    const prepare = Database.prototype.prepare;
    vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
      if (!injected && /^SELECT \* FROM "[^"]+" WHERE hostname = \?/.test(sql)) {
        injected = true;
        const writer = new Database(join(dir, 'runs', DAY, 'state.db'));
        writer.prepare('DELETE FROM inventory WHERE hostname = ?').run(HOST);
        writer.close();
      }
      return prepare.call(this, sql);
    } as typeof prepare);
    const r = await explainHost({ dir, daySpec: DAY, clock: () => new Date(NOW.BREAKFIX_NOW) }, HOST);
    expect(injected).toBe(true);
    expect(r.tables.find((t) => t.table === 'inventory')?.matches).toBe(1);
    expect(r.views.find((v) => v.view === 'listed')?.status).toBe('in');
  });

  it('diff lists the rows it counted, even when a pass renames a new export over the file in between', () => {
    const dir = makeWorkspace(files);
    const dayBefore = '2026-11-22';
    expect(runCli(dir, ['pass', '-q'], { env: { BREAKFIX_NOW: `${dayBefore}T12:00:00Z` } }).code).toBe(0);
    writeFileSync(join(dir, 'inventory.tsv'), `${HOST}\tdwh\ndn3.example.com\tdwh\n`);
    expect(runCli(dir, ['pass', '-q'], { env: NOW }).code).toBe(0);
    const r = runDiff({ dir, daySpec: DAY, clock: () => new Date(NOW.BREAKFIX_NOW) }, ['listed'], {});
    try {
      expect(r.views[0]).toMatchObject({ view: 'listed', removed: 1, added: 1 });
      // The next pass's export, written beside the file and renamed over it.
      const file = join(dir, 'runs', DAY, 'listed');
      writeFileSync(`${file}.next`, 'dn4.example.com\ndn5.example.com\n');
      renameSync(`${file}.next`, file);
      expect([...r.lines('listed')].map((d) => `${d.sign}${d.line}`)).toEqual(['-dn2.example.com', '+dn3.example.com']);
    } finally {
      r.close();
    }
  });
});
