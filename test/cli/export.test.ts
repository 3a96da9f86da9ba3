import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireLock } from '../../src/workspace-lock.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { analystWorkspace, bf, DAY, importedWorkspace, ok } from './analyst-workspace.js';

interface ExportJson {
  day: string;
  views: { view: string; rows: number; status: string; reason: string }[];
}

describe('breakfix export', () => {
  it('writes every view and the manifest, then is make-like', () => {
    const dir = importedWorkspace();
    const first = ok(dir, ['export']);
    expect(first.stdout).toMatch(/^view\s+rows\s+status\s+reason\n/);
    expect(first.stdout).toMatch(/\nhdfs-dead\s+3\s+written\s+new\n/);
    expect(first.stdout).toMatch(/\n18 written, 0 current; manifest runs\/2024-05-01\/manifest.json\n$/);
    expect(readFileSync(join(dir, 'runs', DAY, 'yarn-lost'), 'utf8')).toBe('dn0071.smf1.example.com\tdwh\tdn0071.smf1.example.com:45454\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'runs', DAY, 'manifest.json'), 'utf8')) as { views: Record<string, { rows: number; columns: string[]; sql_hash: string }> };
    expect(manifest.views['yarn-lost']).toMatchObject({ rows: 1, columns: ['hostname', 'cluster', 'node_id'] });

    const mtime = statSync(join(dir, 'runs', DAY, 'hdfs-dead')).mtimeMs;
    const again = JSON.parse(ok(dir, ['export', '--json']).stdout) as ExportJson;
    expect(again.views.find((v) => v.view === 'hdfs-dead')).toEqual(expect.objectContaining({ status: 'current', reason: 'inputs unchanged', rows: 3 }));
    expect(statSync(join(dir, 'runs', DAY, 'hdfs-dead')).mtimeMs).toBe(mtime);

    rmSync(join(dir, 'runs', DAY, 'hdfs-dead'));
    const rewritten = JSON.parse(ok(dir, ['export', '--json', 'hdfs-dead']).stdout) as ExportJson;
    expect(rewritten.views).toEqual([expect.objectContaining({ view: 'hdfs-dead', status: 'written', reason: 'file missing', rows: 3 })]);

    const forced = JSON.parse(ok(dir, ['export', '--json', '--force', 'hdfs_dead', 'yarn-lost']).stdout) as ExportJson;
    expect(forced.views.map((v) => [v.view, v.status, v.reason])).toEqual([
      ['hdfs-dead', 'written', 'forced'],
      ['yarn-lost', 'written', 'forced'],
    ]);
  });

  it('keeps a view that reads the pass clock current until the clock moves', () => {
    const dir = importedWorkspace();
    ok(dir, ['export', '-q']);
    const status = (r: ExportJson, view: string) => r.views.find((v) => v.view === view);
    const same = JSON.parse(ok(dir, ['export', '--json']).stdout) as ExportJson;
    expect(status(same, 'unresponsive')).toEqual(expect.objectContaining({ status: 'current', reason: 'inputs unchanged' }));

    // An hour later nothing was re-imported (the files are the same), but the
    // clock in settings moved: staleness may differ, so unresponsive is
    // recomputed; a view that does not read the clock stays current.
    const later = runCli(dir, ['--day', DAY, 'import', '-q'], { env: { BREAKFIX_NOW: `${DAY}T13:00:00Z` } });
    expect(later.code, later.stderr).toBe(0);
    const moved = JSON.parse(ok(dir, ['export', '--json']).stdout) as ExportJson;
    expect(status(moved, 'unresponsive')).toEqual(expect.objectContaining({ status: 'written', reason: 'inputs changed' }));
    expect(status(moved, 'hdfs-dead')).toEqual(expect.objectContaining({ status: 'current', reason: 'inputs unchanged' }));
  });

  it('rewrites a view whose query file changed', () => {
    const dir = importedWorkspace();
    ok(dir, ['export', '-q']);
    writeFileSync(join(dir, 'queries', 'rekick-candidates.sql'), "SELECT i.hostname, i.cluster FROM inventory AS i WHERE i.lifecycle = 'repair'\n");
    const r = JSON.parse(ok(dir, ['export', '--json', 'rekick-candidates']).stdout) as ExportJson;
    expect(r.views).toEqual([expect.objectContaining({ status: 'written', reason: 'inputs changed', rows: 1 })]);
    expect(readFileSync(join(dir, 'runs', DAY, 'rekick-candidates'), 'utf8')).toBe('dn0008.smf1.example.com\tdwh\n');
  });

  it('refuses a day that was never imported, and an unknown view, exit 2', () => {
    const dir = analystWorkspace();
    const r = bf(dir, ['export']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`breakfix: ${join(dir, 'runs', DAY, 'state.db')}: no state.db for ${DAY}: nothing to export (run "breakfix import" first, or pick another --day)\n`);
    const imported = importedWorkspace();
    const u = bf(imported, ['export', 'hdfs-deadd']);
    expect(u.code).toBe(2);
    expect(u.stderr).toBe('breakfix: unknown view "hdfs-deadd"; did you mean hdfs-dead? (18 views: "breakfix views" lists them)\n');
  });

  it('waits for no one: another process holding the workspace lock is exit 75', () => {
    const dir = importedWorkspace();
    // This test process holds the lock (the kernel lock, and the record naming it).
    const lock = acquireLock(join(dir, 'runs', '.lock'), 'breakfix pass');
    try {
      const r = bf(dir, ['export']);
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(new RegExp(`^breakfix: workspace is locked by pid ${process.pid} on ${hostname()} .* \\(breakfix pass\\); lock file .*Try again later\\.\n$`));
    } finally {
      lock.release();
    }
  });

  it('fails naming the file and SQLite\'s message when a view does not compile, exit 1', () => {
    const dir = importedWorkspace();
    writeFileSync(join(dir, 'queries', 'typo.sql'), 'SELECT hostname, rackk FROM inventory\n');
    const r = bf(dir, ['export']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix: ${join(dir, 'queries', 'typo.sql')}: no such column: rackk\n`);
  });
});
