import { afterEach, describe, expect, it } from 'vitest';
import { TestWorkspace } from '../helpers/import.js';

const INVENTORY = `
hosts: { qualify: .smf1.example.com }
sources:
  inventory:
    kind: inventory
    path: inputs/inventory.tsv
    columns: [hostname, ip, cluster, rack, lifecycle]
  excluded:
    kind: hostlist
    path: inputs/excluded
    allow_empty: true
  tickets:
    kind: table
    format: csv
    header: true
    path: inputs/tickets.csv
    host_columns: [host]
  metrics:
    kind: metrics
    format: tsv
    path: inputs/metrics.tsv
`;

const inventoryTsv = [
  'dn0001.smf1.example.com\t10.0.0.1\tdwh\t/smf1/r01\tmanaged',
  'dn0002.smf1.example.com\t10.0.0.2\tdwh\t/smf1/r02\t-',
  'DN0003.smf1.example.com\t10.0.0.3\tdwh\t/smf1/r01\trepair',
].join('\n') + '\n';

const files = {
  'inputs/inventory.tsv': inventoryTsv,
  'inputs/excluded': '# exclude\ndn0001   # ticket BRK-1\n10.0.0.2 dn0001.smf1.example.com:9866\nghost.smf1.example.com\n',
  'inputs/tickets.csv': 'host,ticket,note\ndn0002,BRK-2,"disk, slot 3"\n',
  'inputs/metrics.tsv': '1714564800\tdn0001.smf1.example.com:9100\tup\t1\n1714564800781\tdn0002\tup\t0\n2024-05-01T12:00:00Z\tdn0003\tnode_load1\tNaN\n',
};

let tw: TestWorkspace;
afterEach(async () => tw?.close());

describe('importing sources', () => {
  it('loads every source with provenance and counts hosts the inventory does not know', async () => {
    tw = new TestWorkspace(INVENTORY, files);
    const reports = await tw.import();
    expect(reports.map((r) => [r.source, r.status, r.rows, r.unmatched, r.duplicates])).toEqual([
      ['inventory', 'ok', 3, null, null],
      ['excluded', 'ok', 3, 1, 1],
      ['tickets', 'ok', 1, 0, null],
      ['metrics', 'ok', 3, 0, null],
    ]);
    expect(await tw.rows('SELECT hostname, lifecycle, _line FROM inventory ORDER BY hostname')).toEqual([
      { hostname: 'dn0001.smf1.example.com', lifecycle: 'managed', _line: 1 },
      { hostname: 'dn0002.smf1.example.com', lifecycle: null, _line: 2 },
      { hostname: 'dn0003.smf1.example.com', lifecycle: 'repair', _line: 3 },
    ]);
    // Short names qualified, ports stripped, the IP mapped through the inventory, duplicates collapsed.
    expect(await tw.rows('SELECT hostname, _line FROM excluded ORDER BY hostname')).toEqual([
      { hostname: 'dn0001.smf1.example.com', _line: 2 },
      { hostname: 'dn0002.smf1.example.com', _line: 3 },
      { hostname: 'ghost.smf1.example.com', _line: 4 },
    ]);
    expect(await tw.rows('SELECT host, ticket, note FROM tickets')).toEqual([{ host: 'dn0002.smf1.example.com', ticket: 'BRK-2', note: 'disk, slot 3' }]);
    expect(await tw.rows('SELECT ts, hostname, metric, value, value_text FROM metric_samples ORDER BY hostname')).toEqual([
      { ts: 1714564800, hostname: 'dn0001.smf1.example.com', metric: 'up', value: 1, value_text: null },
      { ts: 1714564800, hostname: 'dn0002.smf1.example.com', metric: 'up', value: 0, value_text: null },
      { ts: 1714564800, hostname: 'dn0003.smf1.example.com', metric: 'node_load1', value: null, value_text: 'NaN' },
    ]);
  });

  it('skips a source whose bytes and config did not change, and re-imports when they do', async () => {
    tw = new TestWorkspace(INVENTORY, files);
    await tw.import();
    const again = await tw.import();
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    tw.write({ 'inputs/excluded': 'dn0003\n' });
    const third = await tw.import();
    expect(third.map((r) => `${r.source}:${r.status}`)).toEqual(['inventory:unchanged', 'excluded:ok', 'tickets:unchanged', 'metrics:unchanged']);
    expect(await tw.rows('SELECT hostname FROM excluded')).toEqual([{ hostname: 'dn0003.smf1.example.com' }]);
    expect((await tw.import([], true)).map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  const bad: [string, Record<string, string | Buffer>, string][] = [
    ['a duplicate hostname, naming both lines', { 'inputs/inventory.tsv': inventoryTsv + 'dn0002.smf1.example.com\t10.0.0.9\tdwh\t/smf1/r03\tmanaged\n' }, 'inputs/inventory.tsv:4: duplicate hostname dn0002.smf1.example.com (first on line 2)'],
    ['a wrong column count', { 'inputs/inventory.tsv': inventoryTsv + 'dn0009.smf1.example.com\t10.0.0.9\tdwh\n' }, 'inputs/inventory.tsv:4: expected 5 fields, got 3 (a truncated line, or a missing field?)'],
    ['a TAB inside a field', { 'inputs/inventory.tsv': inventoryTsv + 'dn0009.smf1.example.com\t10.0.0.9\tdwh\t/smf1/r01\tmanaged\textra\n' }, 'inputs/inventory.tsv:4: expected 5 fields, got 6 (a TAB inside a field?)'],
    ['an invalid hostname', { 'inputs/inventory.tsv': inventoryTsv + 'a;rm -rf x\t10.0.0.9\tdwh\t/smf1/r01\tmanaged\n' }, 'inputs/inventory.tsv:4: invalid hostname "a;rm -rf x": \';\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
    ['an empty file', { 'inputs/inventory.tsv': '' }, 'inputs/inventory.tsv: no rows (an empty file, a header alone, or a command that printed nothing); breakfix fails closed — set allow_empty: true if this source may be empty'],
    ['binary garbage', { 'inputs/inventory.tsv': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x0a]) }, 'inputs/inventory.tsv:1: NUL byte at byte 7 of the line (is this a binary file?)'],
    ['a CSV quote left open', { 'inputs/tickets.csv': 'host,ticket,note\ndn0002,BRK-2,"disk, slot 3\n' }, 'inputs/tickets.csv:2: invalid CSV: a quoted field is never closed (the file ends inside quotes: truncated?)'],
    ['a CSV header without the host column', { 'inputs/tickets.csv': 'hostname,ticket\ndn0002,BRK-2\n' }, 'inputs/tickets.csv:1: host_columns names host, which is not a column; found: hostname, ticket'],
    ['a CSV header only', { 'inputs/tickets.csv': 'host,ticket,note\n' }, 'inputs/tickets.csv: no rows'],
    ['a bad timestamp', { 'inputs/metrics.tsv': 'yesterday\tdn0001\tup\t1\n' }, 'inputs/metrics.tsv:1: timestamp: expected epoch seconds, epoch milliseconds or ISO-8601, got "yesterday"'],
    ['a non-numeric value', { 'inputs/metrics.tsv': '1714564800\tdn0001\tup\tone\n' }, 'inputs/metrics.tsv:1: value: bad value "one": expected a number, NaN, +Inf or -Inf'],
  ];
  it.each(bad)('rejects %s with file:line and keeps the previous import intact', async (_what, broken, message) => {
    tw = new TestWorkspace(INVENTORY, files);
    await tw.import();
    const before = await snapshot(tw);
    tw.write(broken);
    const reports = await tw.import();
    const failed = reports.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain(`${tw.dir}/${message}`);
    expect(await snapshot(tw)).toEqual(before);
  });

  it('reads CRLF files and a UTF-8 byte order mark', async () => {
    tw = new TestWorkspace(INVENTORY, { ...files, 'inputs/inventory.tsv': '\uFEFF' + inventoryTsv.replaceAll('\n', '\r\n') });
    const [inv] = await tw.import(['inventory']);
    expect(inv!.status).toBe('ok');
    expect(await tw.rows('SELECT hostname, lifecycle FROM inventory WHERE _line = 1')).toEqual([{ hostname: 'dn0001.smf1.example.com', lifecycle: 'managed' }]);
  });

  it('records a missing file and a failing command as failed imports', async () => {
    tw = new TestWorkspace(`sources:\n  a: { kind: hostlist, path: nope }\n  b: { kind: hostlist, command: [sh, -c, "echo oops >&2; exit 3"] }\n`);
    const reports = await tw.import();
    expect(reports.map((r) => r.error)).toEqual([
      `${tw.dir}/nope: no such file (check sources.a.path)`,
      'command sh -c "echo oops >&2; exit 3": exited with code 3: oops',
    ]);
    expect(await tw.rows("SELECT source, status FROM imports ORDER BY id")).toEqual([
      { source: 'a', status: 'failed' },
      { source: 'b', status: 'failed' },
    ]);
  });

  it("saves a command source's output under runs/DAY/inputs and parses it", async () => {
    tw = new TestWorkspace(`sources:\n  a: { kind: hostlist, command: [sh, -c, "printf 'dn1.x.com\\\\ndn2.x.com\\\\n'"] }\n`);
    const [r] = await tw.import();
    expect(r).toMatchObject({ status: 'ok', rows: 2, file: `${tw.dir}/runs/2026-11-23/inputs/a` });
  });
});

/** Every table's content, to prove a failed import changed nothing. */
async function snapshot(tw: TestWorkspace): Promise<Record<string, unknown[]>> {
  const tables = (await tw.rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('imports', 'kysely_migration', 'kysely_migration_lock', 'settings') ORDER BY name")) as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = await tw.rows(`SELECT * FROM "${name}" ORDER BY 1, 2`);
  return out;
}
