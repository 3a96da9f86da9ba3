import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analystWorkspace, bf, importedWorkspace, ok } from './analyst-workspace.js';

interface ViewJson {
  name: string;
  rows: number | null;
  rows_from: string | null;
  origin: string;
  overrides_stock: boolean;
  description: string | null;
}

describe('breakfix views', () => {
  it('lists every view with its rows, origin and description', () => {
    const dir = importedWorkspace();
    const r = ok(dir, ['views']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^view\s+rows\s+origin\s+description$/);
    expect(r.stdout).toMatch(/\nhdfs-dead\s+3\s+stock\s+datanodes the NameNode reports dead/);
    expect(r.stdout).toMatch(/\nrekick-candidates\s+1\s+workspace\s+managed workers HDFS has decommissioned/);
    expect(r.stdout).toMatch(/\nunresponsive\s+6\s+stock\s+/);
    expect(lines.filter((l) => l !== '')).toHaveLength(19); // header + 17 stock + 1 workspace
  });

  it('says when a workspace view overrides a stock view of the same name', () => {
    const dir = importedWorkspace();
    writeFileSync(join(dir, 'queries', 'hdfs-dead.sql'), '-- description: dead datanodes of the dwh cluster only\nSELECT hostname, cluster FROM hdfs_datanodes WHERE live = 0 AND cluster = \'dwh\'\n');
    const r = ok(dir, ['views']);
    expect(r.stdout).toMatch(/\nhdfs-dead\s+3\s+workspace \(overrides stock\)\s+dead datanodes of the dwh cluster only\n/);
    const json = JSON.parse(ok(dir, ['views', '--json']).stdout) as { views: ViewJson[] };
    expect(json.views.find((v) => v.name === 'hdfs-dead')).toMatchObject({ origin: 'workspace', overrides_stock: true, rows: 3 });
    expect(json.views.find((v) => v.name === 'hdfs-in-service')).toMatchObject({ origin: 'stock', overrides_stock: false });
  });

  it('takes rows from the manifest once the exported file is current, and counts them otherwise', () => {
    const dir = importedWorkspace();
    const before = JSON.parse(ok(dir, ['views', '--json']).stdout) as { views: ViewJson[] };
    expect(before.views.find((v) => v.name === 'yarn-running')).toMatchObject({ rows: 3, rows_from: 'counted' });
    ok(dir, ['export', '-q']);
    const after = JSON.parse(ok(dir, ['views', '--json']).stdout) as { views: ViewJson[] };
    expect(after.views.find((v) => v.name === 'yarn-running')).toMatchObject({ rows: 3, rows_from: 'manifest' });
  });

  it('lists views with unknown rows before anything is imported', () => {
    const dir = analystWorkspace();
    const r = bf(dir, ['views']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nhdfs-dead\s+-\s+stock/);
    expect(r.stderr).toBe('breakfix: no state.db for 2024-05-01 yet: rows unknown (run "breakfix import")\n');
  });

  it('fails with the cycle shown when views depend on each other', () => {
    const dir = importedWorkspace();
    writeFileSync(join(dir, 'queries', 'a.sql'), 'SELECT hostname FROM b\n');
    writeFileSync(join(dir, 'queries', 'b.sql'), 'SELECT hostname FROM a\n');
    const r = bf(dir, ['views']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix: ${join(dir, 'queries', 'a.sql')}: views depend on each other in a cycle: a --> b --> a\n`);
  });

  it('lists the views but fails naming the file and SQLite\'s message when one does not compile', () => {
    const dir = importedWorkspace();
    writeFileSync(join(dir, 'queries', 'typo.sql'), 'SELECT hostname FROM inventroy\n');
    const r = bf(dir, ['views']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nhdfs-dead\s+3\s+stock/);
    expect(r.stderr).toBe(`breakfix: ${join(dir, 'queries', 'typo.sql')}: no such table: inventroy\n`);
  });
});
