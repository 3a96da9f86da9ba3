import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bf, DAY, importedWorkspace, NEXT_DAY, ok } from './analyst-workspace.js';

/**
 * Two days of the fixture: on the second, dn0002 answers again, dn0003's
 * sample is fresh, and the exclude list swaps dn0044 for dn0045.
 */
function twoDays(beforeSecond: (dir: string) => void = () => {}): string {
  const dir = importedWorkspace();
  ok(dir, ['export', '-q']);
  const metrics = join(dir, 'inputs', 'metrics.tsv');
  writeFileSync(
    metrics,
    readFileSync(metrics, 'utf8')
      .replace('1714564740\tdn0002.smf1.example.com\tup\t0', '1714564740\tdn0002.smf1.example.com\tup\t1')
      .replaceAll(/^17145\d+/gm, (ts) => String(Number(ts) + 86400))
      .replace('1714646400\tdn0003', '1714651140\tdn0003'),
  );
  writeFileSync(join(dir, 'inputs', 'excluded'), readFileSync(join(dir, 'inputs', 'excluded'), 'utf8').replace('dn0044', 'dn0045'));
  beforeSecond(dir);
  ok(dir, ['import', '-q'], NEXT_DAY);
  ok(dir, ['export', '-q'], NEXT_DAY);
  return dir;
}

describe('breakfix diff', () => {
  it('shows rows removed and added per view, yesterday to today by default', () => {
    const dir = twoDays();
    const r = ok(dir, ['diff'], NEXT_DAY);
    expect(r.stdout).toBe(
      [
        '2024-05-01 -> 2024-05-02',
        'unmatched-hostlists: 1 removed, 1 added',
        '-dn0044\texcluded',
        '+dn0045\texcluded',
        'unresponsive: 2 removed, 0 added',
        '-dn0002.smf1.example.com\tdwh\tup is 0',
        '-dn0003.smf1.example.com\tdwh\tup sample stale',
        '18 views compared: 2 differ, 16 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('prints counts only with --stat, and exits 1 with --exit-code when anything differs', () => {
    const dir = twoDays();
    const r = bf(dir, ['diff', '--stat', '--exit-code', 'unresponsive', 'hdfs_dead'], NEXT_DAY);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      ['2024-05-01 -> 2024-05-02', 'view          from  to  removed  added  note', 'hdfs-dead        3   3        0      0', 'unresponsive     6   4        2      0', ''].join('\n'),
    );
    expect(bf(dir, ['diff', '--exit-code', 'hdfs-dead'], NEXT_DAY).code).toBe(0);
    expect(bf(dir, ['diff', '--exit-code', '--from', DAY, '--to', DAY]).code).toBe(0);
  });

  it('reports a view exported on one side only as such, and flags a changed definition', () => {
    const dir = twoDays((d) => {
      writeFileSync(join(d, 'queries', 'repair-hosts.sql'), "-- description: hosts in repair\nSELECT hostname, cluster FROM inventory WHERE lifecycle = 'repair'\n");
      writeFileSync(join(d, 'queries', 'rekick-candidates.sql'), "SELECT i.hostname, i.cluster, i.rack FROM inventory AS i JOIN hdfs_in_maintenance AS m USING (hostname)\n");
    });
    const r = bf(dir, ['diff', '--exit-code', 'repair-hosts', 'rekick-candidates'], NEXT_DAY);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '2024-05-01 -> 2024-05-02',
        'rekick-candidates: 1 removed, 3 added (view definition changed)',
        '-dn0004.smf1.example.com\tdwh\t/smf1/r02',
        '+dn0005.smf1.example.com\tdwh\t/smf1/r02',
        '+dn0006.smf1.example.com\tdwh\t/smf1/r02',
        '+dn0030.smf1.example.com\tdwh\t/smf1/r03',
        'repair-hosts: only in 2024-05-02 (1 rows): not exported on 2024-05-01',
        '2 views compared: 2 differ, 0 unchanged',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(
      "breakfix: warning: rekick-candidates: the view's SQL changed between 2024-05-01 and 2024-05-02: a difference may be the new definition, not a change in the fleet\n",
    );
  });

  it('gives the rows as JSON', () => {
    const dir = twoDays();
    const json = JSON.parse(ok(dir, ['diff', '--json', 'unmatched-hostlists', 'yarn-lost'], NEXT_DAY).stdout) as {
      differ: boolean;
      views: { view: string; status: string; removed: number; added: number; removed_rows?: string[]; added_rows?: string[] }[];
    };
    expect(json.differ).toBe(true);
    expect(json.views[0]).toMatchObject({ view: 'unmatched-hostlists', status: 'changed', removed: 1, added: 1, removed_rows: ['dn0044\texcluded'], added_rows: ['dn0045\texcluded'] });
    expect(json.views[1]).toMatchObject({ view: 'yarn-lost', status: 'unchanged', removed: 0, added: 0 });
  });

  it('names the days that have exports when one side has none, exit 2', () => {
    const dir = twoDays();
    const r = bf(dir, ['diff', '--from', '2024-04-28'], NEXT_DAY);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('breakfix: runs/2024-04-28: no exported views on 2024-04-28 (no manifest.json); days with exports: 2024-05-01, 2024-05-02 (pick them with --from/--to)\n');
    expect(bf(dir, ['diff', '--from', 'last week'], NEXT_DAY).stderr).toBe('breakfix: --from: expected YYYY-MM-DD, "today" or "yesterday", got "last week"\n');
  });

  it('treats a view file deleted after export as absent, with a warning', () => {
    const dir = twoDays();
    rmSync(join(dir, 'runs', DAY, 'yarn-lost'));
    const r = bf(dir, ['diff', 'yarn-lost'], NEXT_DAY);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('yarn-lost: only in 2024-05-02 (1 rows): not exported on 2024-05-01\n');
    expect(r.stderr).toBe('breakfix: warning: yarn-lost: runs/2024-05-01/yarn-lost is in the manifest but the file is gone (deleted?): treated as absent on 2024-05-01\n');
  });

  it('refuses a file edited out of bytewise order rather than comparing it wrongly', () => {
    const dir = twoDays();
    writeFileSync(join(dir, 'runs', DAY, 'unresponsive'), 'zz.example.com\tdwh\tup is 0\naa.example.com\tdwh\tup is 0\n');
    const r = bf(dir, ['diff', 'unresponsive'], NEXT_DAY);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('breakfix: runs/2024-05-01/unresponsive:2: unresponsive: not in bytewise order (edited by hand?): comparing it would be wrong; run "breakfix export --force unresponsive" on that day\n');
  });
});
