import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analystWorkspace, bf, DAY, importedWorkspace, ok } from './analyst-workspace.js';

describe('breakfix sql', () => {
  it('runs a query over tables and views, printing a table by default', () => {
    const dir = importedWorkspace();
    expect(ok(dir, ['sql', 'SELECT reason, count(*) AS hosts FROM unresponsive GROUP BY reason ORDER BY reason']).stdout).toBe(
      ['reason           hosts', 'no up sample         2', 'up is 0              2', 'up is NaN            1', 'up sample stale      1', '(4 rows)', ''].join('\n'),
    );
    expect(ok(dir, ['sql', 'SELECT cluster, count(*) FROM inventory GROUP BY cluster ORDER BY 1', '--format', 'tsv']).stdout).toBe('cache-prod\t2\ndwh\t20\n');
    expect(JSON.parse(ok(dir, ['sql', "SELECT hostname, live FROM hdfs_datanodes WHERE hostname = 'dn0019'", '--json']).stdout)).toEqual([{ hostname: 'dn0019', live: 0 }]);
  });

  it('refuses a statement that would write, with the reason SQLite gives, and writes nothing', () => {
    const dir = importedWorkspace();
    const before = readFileSync(join(dir, 'runs', DAY, 'state.db'));
    for (const statement of ['DELETE FROM inventory', "UPDATE settings SET value = 0 WHERE key = 'now'", 'CREATE TABLE x (a)', 'DROP VIEW IF EXISTS hdfs_dead']) {
      const r = bf(dir, ['sql', statement]);
      expect(r.code, statement).toBe(1);
      expect(r.stderr, statement).toMatch(/^breakfix: breakfix sql is read-only: attempt to write a readonly database/);
    }
    expect(ok(dir, ['sql', 'SELECT count(*) FROM inventory', '--format', 'tsv']).stdout).toBe('22\n');
    expect(readFileSync(join(dir, 'runs', DAY, 'state.db')).equals(before)).toBe(true);
  });

  it('refuses VACUUM INTO before it can create a file', () => {
    const dir = importedWorkspace();
    const target = join(dir, 'copy.db');
    const r = bf(dir, ['sql', `VACUUM INTO '${target}'`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^breakfix: breakfix sql is read-only: attempt to write a readonly database/);
    expect(existsSync(target)).toBe(false);
  });

  it('spans workspaces with --attach, by workspace directory or state.db file, read-only', () => {
    const smf1 = importedWorkspace();
    const atla = importedWorkspace();
    // The second datacenter has no cache cluster.
    const inv = join(atla, 'inputs', 'inventory.tsv');
    writeFileSync(inv, readFileSync(inv, 'utf8').split('\n').filter((l) => !l.startsWith('cache')).join('\n'));
    ok(atla, ['import', '-q']);
    const query = "SELECT 'smf1' AS dc, cluster, count(*) AS hosts FROM inventory GROUP BY cluster UNION ALL SELECT 'atla', cluster, count(*) FROM atla.inventory GROUP BY cluster ORDER BY 1, 2";
    const expected = 'atla\tdwh\t20\nsmf1\tcache-prod\t2\nsmf1\tdwh\t20\n';
    expect(ok(smf1, ['sql', query, '--attach', `atla=${atla}`, '--format', 'tsv']).stdout).toBe(expected);
    expect(ok(smf1, ['sql', query, '--attach', `atla=${join(atla, 'runs', DAY, 'state.db')}`, '--format', 'tsv']).stdout).toBe(expected);
    const write = bf(smf1, ['sql', 'DELETE FROM atla.inventory', '--attach', `atla=${atla}`]);
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/^breakfix: breakfix sql is read-only: attempt to write a readonly database/);
  });

  it('rejects a bad --attach: not an identifier, a reserved name, a missing path, a day not imported there', () => {
    const dir = importedWorkspace();
    const r1 = bf(dir, ['sql', 'SELECT 1', '--attach', `dc-2=${dir}`]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toBe('breakfix: --attach: NAME must be an SQL identifier (letters, digits, _), got "dc-2"\n');
    expect(bf(dir, ['sql', 'SELECT 1', '--attach', `main=${dir}`]).stderr).toBe('breakfix: --attach: "main" is SQLite\'s own schema name; choose another\n');
    expect(bf(dir, ['sql', 'SELECT 1', '--attach', `x=${join(dir, 'nope')}`]).stderr).toBe(`breakfix: --attach x: ${join(dir, 'nope')}: no such file or directory\n`);
    const fresh = analystWorkspace();
    const other = bf(dir, ['sql', 'SELECT 1', '--attach', `x=${fresh}`]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `breakfix: --attach x: ${join(fresh, 'runs', DAY, 'state.db')}: no state.db for ${DAY} in that workspace (import there first, pick another --day, or give a state.db file)\n`,
    );
    expect(bf(dir, ['sql', 'SELECT 1', '--attach', 'x']).stderr).toBe('breakfix: --attach: expected NAME=PATH (like dc2=../smf2), got "x"\n');
  });

  it('reports SQL errors with SQLite\'s message, exit 1, and one statement at a time', () => {
    const dir = importedWorkspace();
    const r = bf(dir, ['sql', 'SELECT nosuch FROM inventory']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('breakfix: sql: no such column: nosuch\n');
    expect(bf(dir, ['sql', 'SELECT 1; SELECT 2']).stderr).toBe('breakfix: sql: one statement at a time, please (found more than one; drop the extra ";" or run them separately)\n');
  });
});
