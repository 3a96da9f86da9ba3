import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/cli.js';
import { analystWorkspace, bf, importedWorkspace, ok } from './analyst-workspace.js';

describe('breakfix check', () => {
  it('flags a short-name host list against an FQDN inventory, and says to set hosts.qualify', () => {
    const dir = importedWorkspace();
    const r = ok(dir, ['check']);
    expect(r.stdout).toBe(
      [
        `config: ok (${join(dir, 'breakfix.yaml')})`,
        'views: 18 ok, 0 error, 0 skipped, 0 unchecked',
        'hosts vs inventory (2024-05-01):',
        '  source      kind         hosts  unknown  share',
        '  excluded    hostlist         3        3  100.0%  HIGH',
        '  responsive  hostlist        11        1  9.1%',
        '  metrics     metrics         21        1  4.8%',
        '  hdfs-dwh    hdfs-report     13        2  15.4%   HIGH',
        '  hosts-dwh   hdfs-hosts       8        1  12.5%   HIGH',
        '  yarn-dwh    yarn-nodes      10        2  20.0%   HIGH',
        '  excluded: all 3 unknown hosts are short names of inventory hosts (dn0002 vs dn0002.smf1.example.com): a short-name list against an FQDN inventory matches nothing, so an EXCEPT with it removes nothing and an INTERSECT keeps nothing; set hosts.qualify: .smf1.example.com in breakfix.yaml (short names then get that suffix on import)',
        '  hdfs-dwh: 1 of 2 unknown hosts are short names of inventory hosts (dn0019 vs dn0019.smf1.example.com); set hosts.qualify: .smf1.example.com in breakfix.yaml (short names then get that suffix on import)',
        '  hosts-dwh: 1 unknown host is an IP address no inventory host has',
        '  yarn-dwh: hosts the inventory does not know: new or retired hosts, or a stale inventory dump',
        '',
      ].join('\n'),
    );
  });

  it('clears the flag once hosts.qualify is set and the list re-imported', () => {
    const dir = importedWorkspace();
    const yaml = join(dir, 'breakfix.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('strip_port: true', 'strip_port: true\n  qualify: .smf1.example.com'));
    ok(dir, ['import', '-q']);
    const json = JSON.parse(ok(dir, ['check', '--json']).stdout) as { sources: { source: string; status: string; unmatched: number }[] };
    expect(json.sources.find((s) => s.source === 'excluded')).toMatchObject({ status: 'ok', unmatched: 0 });
  });

  it('compiles every view without importing, and says so when no day has been imported', () => {
    const dir = analystWorkspace();
    const r = ok(dir, ['check']);
    expect(r.stdout).toBe(
      [
        `config: ok (${join(dir, 'breakfix.yaml')})`,
        'views: 18 ok, 0 error, 0 skipped, 0 unchecked',
        'hosts vs inventory (2024-05-01): no import on 2024-05-01 yet: run "breakfix import" to see how each source\'s hosts match the inventory',
        '',
      ].join('\n'),
    );
  });

  it('names the file and SQLite\'s message for an unknown table or column, skips views that read a broken one, exit 1', () => {
    const dir = analystWorkspace();
    writeFileSync(join(dir, 'queries', 'typo-table.sql'), 'SELECT hostname FROM inventroy\n');
    writeFileSync(join(dir, 'queries', 'typo-column.sql'), 'SELECT hostname, datacenter FROM inventory\n');
    writeFileSync(join(dir, 'queries', 'on-typo.sql'), 'SELECT hostname FROM typo_table\n');
    const r = bf(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('views: 18 ok, 2 error, 1 skipped, 0 unchecked\n');
    expect(r.stdout).toContain(`  error: ${join(dir, 'queries', 'typo-table.sql')}: no such table: inventroy\n`);
    expect(r.stdout).toContain(`  error: ${join(dir, 'queries', 'typo-column.sql')}: no such column: datacenter\n`);
    expect(r.stdout).toContain('  skipped: on-typo: reads typo-table, which did not compile\n');
  });

  it('shows a cycle of views, exit 1', () => {
    const dir = analystWorkspace();
    writeFileSync(join(dir, 'queries', 'a.sql'), 'SELECT hostname FROM b\n');
    writeFileSync(join(dir, 'queries', 'b.sql'), 'SELECT hostname FROM a\n');
    const r = bf(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  error: ${join(dir, 'queries', 'a.sql')}: views depend on each other in a cycle: a --> b --> a\n`);
  });

  it('reports config errors with the key path, exit 2', () => {
    const dir = analystWorkspace();
    writeFileSync(join(dir, 'breakfix.yaml'), 'sources:\n  hdfs: { kind: hfds, path: x }\n');
    const r = bf(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      `config: 1 problem\n  ${join(dir, 'breakfix.yaml')}:2: sources.hdfs.kind: expected one of inventory, hostlist, table, metrics, hdfs-report, hdfs-jmx, hdfs-hosts, yarn-nodes, yarn-rest, got "hfds"\n`,
    );
    const json = JSON.parse(bf(dir, ['check', '--json']).stdout) as { exitCode: number; config: { ok: boolean } };
    expect(json).toMatchObject({ exitCode: 2, config: { ok: false } });
  });

  it('checks the views actions name: a missing view is a config error (2), a missing column a view error', () => {
    const dir = makeWorkspace({
      'breakfix.yaml': `sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, header: true }
  dump: { kind: table, command: [cat, dump.tsv], header: true }
actions:
  drain:
    candidates: drain-candidates
    spread: rack
    deny: [never-touch]
    run: [echo, "{hosts_file}"]
`,
      'inputs/inventory.tsv': 'hostname\tcluster\track\ndn1.x.com\tdwh\tr1\n',
      'queries/drain-candidates.sql': 'SELECT hostname, cluster FROM inventory\n',
      'queries/from-dump.sql': 'SELECT hostname FROM dump\n',
    });
    const r = bf(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('views: 18 ok, 0 error, 0 skipped, 1 unchecked\n');
    expect(r.stdout).toContain('  unchecked: from-dump: reads source dump, whose columns are not known before it is imported\n');
    expect(r.stdout).toContain(`  view: ${join(dir, 'queries', 'drain-candidates.sql')}: actions.drain.candidates needs column rack; the view has hostname, cluster\n`);
    expect(r.stdout).toContain(`  config: ${join(dir, 'breakfix.yaml')}: actions.drain.deny[0]: no view named never-touch (expected queries/never-touch.sql)\n`);
    expect(r.stdout).toContain("  note: source dump: columns come from the header of the command's output: not known until it is imported (or list them in sources.dump.columns)\n");
  });
});
