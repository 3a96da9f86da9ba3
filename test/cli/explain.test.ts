import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/cli.js';
import { bf, importedWorkspace, ok } from './analyst-workspace.js';

/** A workspace whose inventory is FQDNs and whose hosts.qualify lets people and lists use short names. */
function shortNameWorkspace(): string {
  const dir = makeWorkspace({
    'breakfix.yaml': `hosts:
  qualify: .smf1.example.com
sources:
  inventory:
    kind: inventory
    path: inputs/inventory.tsv
    header: true
  excluded: { kind: hostlist, path: inputs/excluded }
  metrics: { kind: metrics, format: tsv, path: inputs/metrics.tsv }
`,
    'inputs/inventory.tsv': 'hostname\tcluster\track\ndn1.smf1.example.com\tdwh\t/smf1/r01\ndn2.smf1.example.com\tdwh\t/smf1/r02\n',
    'inputs/excluded': '# out for repair\ndn2\ndn1   # disk replaced, SVC-77\n',
    'inputs/metrics.tsv': '1714564700\tdn2:9100\tup\t1\n1714564740\tdn1:9100\tup\t1\n1714564790\tdn1:9100\tup\t0\n',
    'queries/excluded-workers.sql': '-- description: inventory hosts on the exclude list\nSELECT i.hostname, i.cluster FROM inventory AS i JOIN excluded USING (hostname)\n',
    'queries/cluster-sizes.sql': '-- description: hosts per cluster\nSELECT cluster, count(*) AS hosts FROM inventory GROUP BY cluster\n',
  });
  ok(dir, ['import', '-q']);
  return dir;
}

describe('breakfix explain', () => {
  it('normalises the host first: DN1:9866 is dn1.smf1.example.com, with every row and its file:line, every view in or out', () => {
    const dir = shortNameWorkspace();
    const r = ok(dir, ['explain', 'DN1:9866']);
    const [head, tables, views] = r.stdout.split('\n\n');
    expect(head).toBe('dn1.smf1.example.com (given as DN1:9866) on 2024-05-01');
    expect(tables).toBe(
      [
        'tables:',
        '  excluded: 1 row',
        '    inputs/excluded:3',
        '      hostname=dn1.smf1.example.com',
        '  hdfs_datanodes: no rows',
        '  hdfs_decommission_progress: no rows',
        '  hdfs_hosts: no rows',
        '  inventory: 1 row',
        '    inputs/inventory.tsv:2',
        '      hostname=dn1.smf1.example.com cluster=dwh rack=/smf1/r01',
        '  journal: no rows',
        '  metric_samples: 2 samples (the latest of each metric shown; samples: how many of it the day holds)',
        '    inputs/metrics.tsv:3',
        '      source=metrics ts=1714564790 hostname=dn1.smf1.example.com metric=up value=0 value_text=- labels=- samples=2',
        '  yarn_nodes: no rows',
      ].join('\n'),
    );
    const line = (view: string, rest: string) => `\n  ${view.padEnd('hdfs-decommission-stuck'.length)}  ${rest}\n`;
    expect(views).toMatch(/^views:\n/);
    expect(views).toContain(line('cluster-sizes', 'n/a  (no hostname column)'));
    expect(views).toContain(line('excluded-workers', 'in  hostname=dn1.smf1.example.com cluster=dwh'));
    expect(views).toContain(line('hdfs-dead', 'out'));
    expect(views).toContain(line('unresponsive', 'in  hostname=dn1.smf1.example.com cluster=dwh reason=up is 0'));
  });

  it('points rows of the fixed tables at their report line (and JSON entry)', () => {
    const dir = importedWorkspace();
    const json = JSON.parse(ok(dir, ['explain', 'dn0003.smf1.example.com', '--json']).stdout) as {
      hostname: string;
      tables: { table: string; matches: number; rows: { source: string; from: string; values: Record<string, unknown> }[] }[];
      views: { view: string; status: string }[];
    };
    const table = (name: string) => json.tables.find((t) => t.table === name)!;
    expect(table('hdfs_datanodes').rows).toEqual([
      expect.objectContaining({ source: 'hdfs-dwh', from: 'inputs/hdfs-report-dwh.txt:97', values: expect.objectContaining({ admin_state: 'decommissioning', live: 1 }) }),
    ]);
    expect(table('hdfs_hosts').rows[0]!.from).toBe('inputs/dfs.hosts.json:4 ($[2])');
    expect(table('yarn_nodes').rows[0]).toMatchObject({ from: 'inputs/yarn-nodes-dwh.txt:5', values: { state: 'DECOMMISSIONING' } });
    expect(table('responsive').rows[0]!.from).toBe('inputs/responsive:2');
    expect(json.views.filter((v) => v.status === 'in').map((v) => v.view)).toEqual(['hdfs-decommissioning', 'unresponsive']);
  });

  it('maps an IP literal to the inventory host with that IP', () => {
    const dir = importedWorkspace();
    expect(ok(dir, ['explain', '10.176.1.12']).stdout).toMatch(/^dn0002\.smf1\.example\.com \(given as 10\.176\.1\.12\) on 2024-05-01\n/);
  });

  it('shows a host no source knows as in no table and out of every view (a view without a hostname column, like hdfs-cluster-health, is n/a)', () => {
    const dir = importedWorkspace();
    const json = JSON.parse(ok(dir, ['explain', 'ghost.smf1.example.com', '--json']).stdout) as { tables: { matches: number }[]; views: { view: string; status: string }[] };
    expect(json.tables.every((t) => t.matches === 0)).toBe(true);
    expect(new Set(json.views.map((v) => v.status))).toEqual(new Set(['out', 'n/a']));
    expect(json.views.filter((v) => v.status === 'n/a')).toEqual([{ view: 'hdfs-cluster-health', status: 'n/a', rows: [] }]);
  });

  it('rejects something that is not a hostname, exit 2', () => {
    const dir = importedWorkspace();
    const r = bf(dir, ['explain', 'dn1;reboot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('breakfix: explain: invalid hostname "dn1;reboot": \';\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')\n');
  });
});
