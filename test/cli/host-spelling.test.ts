import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from '../helpers/cli.js';

/**
 * Views an operator writes spell hosts as the operator types them: a deny
 * list of tickets in capitals, a maintenance list of `host:port`. A pass
 * must read them as the hosts the inventory knows (the config's `hosts:`),
 * as it reads every import, or a denied host gets drained.
 */

const DAY = '2026-11-23';
const NOW = { env: { BREAKFIX_NOW: `${DAY}T12:00:00Z` } };

const INVENTORY = Array.from({ length: 8 }, (_, i) => `dn0${i + 1}.example.com\tdwh\t/r${(i % 4) + 1}\n`).join('');

function workspace(holds: string, maintenance = 'hostname,cluster\ndn03:9866,dwh\n'): string {
  return makeWorkspace({
    'breakfix.yaml': `
hosts: { qualify: .example.com }
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster, rack] }
  broken: { kind: hostlist, path: inputs/broken }
  # Typed by operators; no host_columns, so kept as written.
  holds: { kind: table, format: csv, header: true, path: inputs/holds.csv, allow_empty: true }
  maintenance: { kind: table, format: csv, header: true, path: inputs/maintenance.csv, allow_empty: true }
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
actions:
  fix:
    candidates: fix-candidates
    in_progress: in-maintenance
    deny: [held]
    spread: rack
    run: ["true", "{host}"]
`,
    'inputs/inventory.tsv': INVENTORY,
    'inputs/broken': 'dn01\ndn02\ndn03\ndn04\n',
    'inputs/holds.csv': holds,
    'inputs/maintenance.csv': maintenance,
    'queries/fix-candidates.sql': '-- description: broken hosts\nSELECT i.hostname, i.cluster, i.rack FROM inventory AS i JOIN broken USING (hostname)\n',
    'queries/held.sql': '-- description: hosts held by a ticket\nSELECT hostname, ticket AS reason FROM holds\n',
    'queries/in-maintenance.sql': '-- description: hosts in maintenance\nSELECT hostname, cluster FROM maintenance\n',
  });
}

const plan = (dir: string) => readFileSync(join(dir, 'runs', DAY, 'plan', 'fix'), 'utf8');

describe('hosts spelled otherwise in deny and in-progress views', () => {
  it('a deny row in capitals or with a trailing dot protects its host; an in-progress host:port is out', () => {
    const dir = workspace('hostname,ticket\nDN01.EXAMPLE.COM,RMA-1\ndn02.example.com.,RMA-2\n');
    const r = runCli(dir, ['--json', 'pass'], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(plan(dir)).toBe('dn04.example.com\tdwh\t/r4\t-\n');
    const explained = JSON.parse(readFileSync(join(dir, 'runs', DAY, 'plan', 'fix.json'), 'utf8')) as { clusters: { outHosts: unknown[]; removed: unknown[] }[] };
    expect(explained.clusters[0]!.outHosts).toEqual([{ hostname: 'dn03.example.com', why: 'in-progress' }]);
    expect(explained.clusters[0]!.removed).toEqual([
      { hostname: 'dn01.example.com', reason: 'denied by held: RMA-1' },
      { hostname: 'dn02.example.com', reason: 'denied by held: RMA-2' },
      { hostname: 'dn03.example.com', reason: 'already out: in-progress' },
    ]);
  });

  it('a deny row that cannot be read refuses the action (exit 3), naming the view, the value and the problem', () => {
    const dir = workspace('hostname,ticket\nfe80::1%eth0,RMA-9\n');
    const r = runCli(dir, ['pass'], NOW);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'REFUSED: refused: deny view held: invalid hostname "fe80::1%eth0": an IPv6 zone id ("%eth0") names a network interface of the machine that printed it, not a host (it may name a host that must not be touched; nothing planned for any cluster until the row is fixed)',
    );
    expect(plan(dir)).toBe('');
  });

  it('an in-progress row that cannot be read refuses its cluster (exit 3)', () => {
    const dir = workspace('hostname,ticket\n', 'hostname,cluster\ndn03..example.com,dwh\n');
    const r = runCli(dir, ['pass'], NOW);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('REFUSED: dwh: refused: in_progress view in-maintenance: invalid hostname "dn03..example.com": empty label');
    expect(plan(dir)).toBe('');
  });

  it('an edited plan file is read with the same hosts: options, and an acted host stays out under any spelling', () => {
    const dir = workspace('hostname,ticket\n', 'hostname,cluster\n');
    expect(runCli(dir, ['pass'], NOW).code).toBe(0);
    // The operator narrows the plan to one host, typed the short way with a port.
    writeFileSync(join(dir, 'runs', DAY, 'plan', 'fix'), 'DN04:9866\tdwh\n');
    const acted = runCli(dir, ['--json', 'act', '--execute'], NOW);
    expect(acted.code, acted.stderr).toBe(0);
    const out = JSON.parse(acted.stdout) as { actions: { accepted: { hostname: string }[] }[] };
    expect(out.actions[0]!.accepted.map((h) => h.hostname)).toEqual(['dn04.example.com']);
    // It is out for the rest of the day: a maintenance row spelling it otherwise changes nothing, and it is not planned again.
    writeFileSync(join(dir, 'inputs', 'maintenance.csv'), 'hostname,cluster\nDN04.example.com.,dwh\n');
    expect(runCli(dir, ['pass'], { env: { BREAKFIX_NOW: `${DAY}T12:10:00Z` } }).code).toBe(0);
    expect(plan(dir)).not.toContain('dn04');
  });
});

describe('candidates and population rows that cannot be read', () => {
  it('are dropped or not counted, and said in the pass summary, the transcript and breakfix plan', () => {
    const dir = workspace('hostname,ticket\n', 'hostname,cluster\n');
    writeFileSync(
      join(dir, 'queries', 'fix-candidates.sql'),
      "-- description: broken hosts, and one a view computed badly\nSELECT i.hostname, i.cluster, i.rack FROM inventory AS i JOIN broken USING (hostname)\nUNION ALL SELECT 'dn05 example com', 'dwh', '/r1'\n",
    );
    const warning = 'warning: fix: candidate dropped: view fix-candidates: invalid hostname "dn05 example com": \' \' is not allowed in a hostname';
    const r = runCli(dir, ['pass'], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(warning);
    expect(readFileSync(join(dir, 'runs', DAY, 'transcript.log'), 'utf8')).toContain(warning);
    expect(runCli(dir, ['plan'], NOW).stderr).toContain(`breakfix: ${warning}`);
    const explained = JSON.parse(readFileSync(join(dir, 'runs', DAY, 'plan', 'fix.json'), 'utf8')) as { invalid_rows: unknown[] };
    expect(explained.invalid_rows).toEqual([
      { view: 'fix-candidates', value: 'dn05 example com', problem: 'invalid hostname "dn05 example com": \' \' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')', effect: 'candidate dropped' },
    ]);
  });
});

describe('data from the future', () => {
  it('a source whose file is more than 5 minutes ahead of the clock fails inputs-fresh (exit 3)', () => {
    const dir = workspace('hostname,ticket\n', 'hostname,cluster\n');
    const yaml = readFileSync(join(dir, 'breakfix.yaml'), 'utf8')
      .replace('columns: [hostname, cluster, rack] }', 'columns: [hostname, cluster, rack], max_age: 1h }')
      .replace('spread: rack', 'spread: rack\n    invariants: [inputs-fresh]');
    writeFileSync(join(dir, 'breakfix.yaml'), yaml);
    const ahead = new Date(`${DAY}T12:20:00Z`);
    utimesSync(join(dir, 'inputs', 'inventory.tsv'), ahead, ahead);
    const r = runCli(dir, ['pass'], NOW);
    expect(r.code).toBe(3);
    // BREAKFIX_NOW advances with real time: on a loaded machine the check may come a few seconds after it.
    expect(r.stdout).toMatch(/REFUSED: invariant inputs-fresh failed: inventory is (20m|19m\d+s) ahead of the clock \(at most 5m of clock skew is allowed: a clock is wrong, so its age is unknown\)/);
  });
});
