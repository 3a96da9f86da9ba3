import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bf, DAY, importedWorkspace, ok } from './analyst-workspace.js';

describe('breakfix query', () => {
  it('prints exactly the lines of the exported file (tsv, the default)', () => {
    const dir = importedWorkspace();
    ok(dir, ['export', '-q']);
    for (const view of ['unresponsive', 'hdfs-dead', 'yarn-running', 'rekick-candidates']) {
      expect(ok(dir, ['query', view]).stdout).toBe(readFileSync(join(dir, 'runs', DAY, view), 'utf8'));
    }
    expect(ok(dir, ['query', 'unresponsive']).stdout).toBe(
      [
        'cache0002.smf1.example.com\tcache-prod\tno up sample',
        'dn0002.smf1.example.com\tdwh\tup is 0',
        'dn0003.smf1.example.com\tdwh\tup sample stale',
        'dn0004.smf1.example.com\tdwh\tup is NaN',
        'dn0008.smf1.example.com\tdwh\tno up sample',
        'dn0099.smf1.example.com\t-\tup is 0',
        '',
      ].join('\n'),
    );
  });

  it('escapes and sorts like the exported file when values hold NULLs, dashes, tabs and backslashes', () => {
    const dir = importedWorkspace();
    writeFileSync(
      join(dir, 'queries', 'odd-values.sql'),
      `-- description: values the text-table format must escape
SELECT hostname, CASE WHEN rack = '/smf1/r01' THEN '-' WHEN rack = '/smf1/r02' THEN 'a' || char(9) || 'b\\c' WHEN rack = '/smf1/r03' THEN NULL ELSE '' END AS odd
FROM inventory WHERE cluster = 'dwh' AND hostname < 'dn0008'
`,
    );
    ok(dir, ['export', '-q', 'odd-values']);
    const tsv = ok(dir, ['query', 'odd-values']).stdout;
    expect(tsv).toBe(readFileSync(join(dir, 'runs', DAY, 'odd-values'), 'utf8'));
    expect(tsv).toBe(
      [
        'dn0001.smf1.example.com\t\\-',
        'dn0002.smf1.example.com\t\\-',
        'dn0003.smf1.example.com\t\\-',
        'dn0004.smf1.example.com\ta\\tb\\\\c',
        'dn0005.smf1.example.com\ta\\tb\\\\c',
        'dn0006.smf1.example.com\ta\\tb\\\\c',
        'dn0007.smf1.example.com\t',
        '',
      ].join('\n'),
    );
    // csv gives the values themselves back: the dash, the TAB and backslash, the empty string.
    expect(parse(ok(dir, ['query', 'odd-values', '--format', 'csv']).stdout, { columns: true })).toContainEqual({ hostname: 'dn0004.smf1.example.com', odd: 'a\tb\\c' });
  });

  it('prints csv with a header, json objects, and an aligned table', () => {
    const dir = importedWorkspace();
    expect(ok(dir, ['query', 'yarn-lost', '--format', 'csv']).stdout).toBe('hostname,cluster,node_id\ndn0071.smf1.example.com,dwh,dn0071.smf1.example.com:45454\n');
    expect(JSON.parse(ok(dir, ['query', 'hdfs-decommissioning', '--format', 'json']).stdout)).toEqual([
      { hostname: 'dn0003.smf1.example.com', cluster: 'dwh', rack: '/smf1/r01', admin_state: 'decommissioning', live: '1', last_contact: '1714564798' },
    ]);
    expect(ok(dir, ['query', 'unmatched-yarn', '--format', 'table']).stdout).toBe(
      'hostname                 cluster  source\ndn0020.smf1.example.com  dwh      yarn-dwh\ndn7                      dwh      yarn-dwh\n(2 rows)\n',
    );
    // --json without --format means json.
    expect(JSON.parse(ok(dir, ['query', 'yarn-lost', '--json']).stdout)).toHaveLength(1);
  });

  it('accepts the view name with underscores', () => {
    const dir = importedWorkspace();
    expect(ok(dir, ['query', 'unmatched_metrics']).stdout).toBe('dn0099.smf1.example.com\tmetrics\n');
  });

  it('rejects an unknown view with the near names, exit 2', () => {
    const dir = importedWorkspace();
    const r = bf(dir, ['query', 'yarn-unhelthy']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('breakfix: unknown view "yarn-unhelthy"; did you mean yarn-unhealthy? (18 views: "breakfix views" lists them)\n');
    const prefix = bf(dir, ['query', 'unmatched']);
    expect(prefix.stderr).toBe(
      'breakfix: unknown view "unmatched"; did you mean unmatched-hdfs, unmatched-yarn, unmatched-metrics, unmatched-hostlists, unmatched-hdfs-hosts? (18 views: "breakfix views" lists them)\n',
    );
  });

  it('rejects an unknown format, exit 2', () => {
    const dir = importedWorkspace();
    const r = bf(dir, ['query', 'hdfs-dead', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('breakfix: --format: expected one of tsv, csv, json, table, got "xml"\n');
  });
});
