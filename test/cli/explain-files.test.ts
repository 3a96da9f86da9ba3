import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/cli.js';
import { DAY, ok } from './analyst-workspace.js';

/**
 * `explain` reads whether a host is in a view from the view's exported file
 * when the manifest shows that file is the view's current answer; these
 * prove it never trusts a file that is not, and never turns a value's type.
 */
function exportedWorkspace(): string {
  const dir = makeWorkspace({
    'breakfix.yaml': `sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, header: true }
  excluded: { kind: hostlist, path: inputs/excluded }
`,
    'inputs/inventory.tsv': 'hostname\tcluster\tslots\ndn1.x.com\tdwh\t12\ndn2.x.com\tdwh\t8\ndn3.x.com\tetl\t4\n',
    'inputs/excluded': 'dn2.x.com\n',
    'queries/excluded-workers.sql': 'SELECT i.hostname, i.cluster FROM inventory AS i JOIN excluded USING (hostname)\n',
    'queries/slots.sql': 'SELECT hostname, CAST(slots AS INTEGER) AS slots, cluster FROM inventory\n',
  });
  ok(dir, ['pass', '-q']);
  return dir;
}

const viewsOf = (dir: string, host: string) =>
  Object.fromEntries(
    (JSON.parse(ok(dir, ['explain', '--json', host]).stdout) as { views: { view: string; status: string; rows: unknown[] }[] }).views.map((v) => [v.view, v]),
  );

describe('breakfix explain, from the exported files', () => {
  it('gives what the views give: in with the row, out, and numbers as numbers', () => {
    const dir = exportedWorkspace();
    const v = viewsOf(dir, 'dn2.x.com');
    expect(v['excluded-workers']).toEqual({ view: 'excluded-workers', status: 'in', rows: [{ hostname: 'dn2.x.com', cluster: 'dwh' }] });
    expect(v['slots']).toEqual({ view: 'slots', status: 'in', rows: [{ hostname: 'dn2.x.com', slots: 8, cluster: 'dwh' }] });
    expect(viewsOf(dir, 'dn1.x.com')['excluded-workers']!.status).toBe('out');
  });

  it('does not trust a view file edited since it was exported: the view is computed', () => {
    const dir = exportedWorkspace();
    const file = join(dir, 'runs', DAY, 'excluded-workers');
    expect(readFileSync(file, 'utf8')).toBe('dn2.x.com\tdwh\n');
    // dn1 added and dn2 removed by hand: explain must still answer from the data.
    writeFileSync(file, 'dn1.x.com\tdwh\n');
    expect(viewsOf(dir, 'dn1.x.com')['excluded-workers']!.status).toBe('out');
    expect(viewsOf(dir, 'dn2.x.com')['excluded-workers']).toEqual({ view: 'excluded-workers', status: 'in', rows: [{ hostname: 'dn2.x.com', cluster: 'dwh' }] });
  });

  it('does not trust a file whose view changed since: a new query file is computed', () => {
    const dir = exportedWorkspace();
    writeFileSync(join(dir, 'queries', 'excluded-workers.sql'), 'SELECT i.hostname, i.cluster FROM inventory AS i WHERE i.hostname NOT IN (SELECT hostname FROM excluded)\n');
    expect(viewsOf(dir, 'dn2.x.com')['excluded-workers']!.status).toBe('out');
    expect(viewsOf(dir, 'dn1.x.com')['excluded-workers']!.status).toBe('in');
  });
});

describe('breakfix query, from the exported file', () => {
  it('prints the current file as it is, and computes the view when the file was edited or the view changed', () => {
    const dir = exportedWorkspace();
    expect(ok(dir, ['query', 'excluded-workers']).stdout).toBe('dn2.x.com\tdwh\n');
    expect(ok(dir, ['query', '--format', 'csv', 'slots']).stdout).toContain('dn2.x.com,8,dwh\n');
    const file = join(dir, 'runs', DAY, 'excluded-workers');
    writeFileSync(file, 'dn9.x.com\tdwh\n');
    expect(ok(dir, ['query', 'excluded-workers']).stdout).toBe('dn2.x.com\tdwh\n');
    writeFileSync(join(dir, 'queries', 'excluded-workers.sql'), 'SELECT i.hostname, i.cluster FROM inventory AS i WHERE i.cluster = \'etl\'\n');
    expect(ok(dir, ['query', 'excluded-workers']).stdout).toBe('dn3.x.com\tetl\n');
  });
});
