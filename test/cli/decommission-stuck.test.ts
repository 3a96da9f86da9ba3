import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, makeWorkspace, runCli } from '../helpers/cli.js';

/**
 * The stuck-decommission view and trend: a NameNode JMX source whose
 * DecomNodes progress does not move over three passes. The view lists the
 * nodes (with when their count was first seen), trend flags them across
 * passes, explain shows their progress rows; once a node moves it is no
 * longer stuck.
 */

const HOSTS = ['dn0001', 'dn0002', 'dn0003', 'dn0004', 'dn0005', 'dn0006', 'dn0007', 'dn0009', 'dn0011', 'dn0018', 'dn0019', 'dn0020', 'dn0030'];
const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const epoch = (iso: string) => Date.parse(iso) / 1000;

function workspace(): string {
  const dir = makeWorkspace({
    'breakfix.yaml': `
hosts:
  qualify: .smf1.example.com
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster] }
  jmx-dwh: { kind: hdfs-jmx, cluster: dwh, path: inputs/namenode.json }
`,
    'inputs/inventory.tsv': HOSTS.map((h) => `${h}.smf1.example.com\tdwh\n`).join(''),
  });
  copyFixture('hdfs/jmx-namenode-all-3.3.6.json', dir, 'inputs/namenode.json');
  return dir;
}

function passAt(dir: string, hhmm: string): void {
  const t = epoch(at(hhmm)) - 30;
  utimesSync(join(dir, 'inputs', 'namenode.json'), t, t);
  utimesSync(join(dir, 'inputs', 'inventory.tsv'), t, t);
  const r = runCli(dir, ['pass', '-q'], { env: { BREAKFIX_NOW: at(hhmm) } });
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

describe('decommissions that do not move', () => {
  it('are listed by hdfs-decommission-stuck after hdfs.stuck_passes imports at the same count, flagged by trend, shown by explain', () => {
    const dir = workspace();
    passAt(dir, '10:00');
    passAt(dir, '10:10');
    const env = { BREAKFIX_NOW: at('10:20') };
    expect(runCli(dir, ['query', 'hdfs-decommission-stuck'], { env }).stdout).toBe('');
    passAt(dir, '10:20');
    // The file was written at 09:59:30 (its mtime) and never changed: every import after the first is "unchanged".
    const since = epoch(at('09:59')) + 30;
    expect(runCli(dir, ['query', 'hdfs-decommission-stuck'], { env }).stdout).toBe(
      `dn0003.smf1.example.com\tdwh\tjmx-dwh\t21873\t112\t3\t${since}\n` + `dn0020.smf1.example.com\tdwh\tjmx-dwh\t0\t0\t0\t${since}\n`,
    );
    expect(readFileSync(join(dir, 'runs', '2026-11-23', 'hdfs-decommission-stuck'), 'utf8')).toContain('dn0003.smf1.example.com\tdwh\tjmx-dwh\t21873\t');

    // The same document gave the cluster's health (its nodes too: datanodes defaults to true).
    expect(runCli(dir, ['query', 'hdfs-cluster-health'], { env }).stdout.split('\t').slice(0, 7)).toEqual(['dwh', 'jmx-dwh', '0', '0', '0', '1205934', '2417310']);
    const trend = JSON.parse(runCli(dir, ['--json', 'trend', '--runs', '3'], { env }).stdout) as { stuck_decommissions: unknown[] };
    expect(trend.stuck_decommissions).toEqual([
      { cluster: 'dwh', hostname: 'dn0003.smf1.example.com', source: 'jmx-dwh', blocks: 21873, passes: 3, since: { day: '2026-11-23', pass: 1 } },
      { cluster: 'dwh', hostname: 'dn0020.smf1.example.com', source: 'jmx-dwh', blocks: 0, passes: 3, since: { day: '2026-11-23', pass: 1 } },
    ]);
    const text = runCli(dir, ['trend', '--runs', '3', 'hdfs-decommission-stuck'], { env }).stdout;
    expect(text).toContain(
      [
        'decommissions stuck (the same blocks left to re-replicate for 3 passes or more):',
        '  cluster  hostname                 blocks left  passes  since              source',
        '  dwh      dn0003.smf1.example.com        21873       3  2026-11-23 pass 1  jmx-dwh',
        '  dwh      dn0020.smf1.example.com            0       3  2026-11-23 pass 1  jmx-dwh',
        '',
      ].join('\n'),
    );

    const explain = runCli(dir, ['explain', 'dn0003'], { env }).stdout;
    expect(explain).toContain('  hdfs_decommission_progress: 1 row\n    inputs/namenode.json: $.beans[4].DecomNodes["dn0003.smf1.example.com:9866"]\n');
    expect(explain).toMatch(/\n {2}hdfs-decommission-stuck +in +hostname=dn0003\.smf1\.example\.com /);

    // dn0003 makes progress: it is not stuck any more; dn0020 still is.
    const file = join(dir, 'inputs', 'namenode.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('\\"underReplicatedBlocks\\":21873', '\\"underReplicatedBlocks\\":20411'));
    passAt(dir, '10:30');
    expect(runCli(dir, ['query', 'hdfs-decommission-stuck'], { env: { BREAKFIX_NOW: at('10:30') } }).stdout).toBe(`dn0020.smf1.example.com\tdwh\tjmx-dwh\t0\t0\t0\t${since}\n`);
    const after = JSON.parse(runCli(dir, ['--json', 'trend', '--runs', '3'], { env: { BREAKFIX_NOW: at('10:30') } }).stdout) as { stuck_decommissions: { hostname: string; passes: number }[] };
    expect(after.stuck_decommissions.map((d) => [d.hostname, d.passes])).toEqual([['dn0020.smf1.example.com', 4]]);
  });
});
