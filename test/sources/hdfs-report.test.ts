import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { hdfsReportParser } from '../../src/sources/hdfs-report.js';
import { AMBIGUOUS_ZONE_NAMES, parseJavaDate } from '../../src/sources/java-date.js';
import { parseLines } from '../../src/sources/parser.js';
import type { HdfsDatanodeRow } from '../../src/sources/rows.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hdfs/${name}`, import.meta.url), 'utf8');
const parse = (text: string): HdfsDatanodeRow[] => parseLines(hdfsReportParser, {}, text);

const REPORT = fixture('report-3.3.6.txt');
const REPORT_27 = fixture('report-2.7.3.txt');

function byHost(rows: readonly HdfsDatanodeRow[]): Map<string, HdfsDatanodeRow> {
  return new Map(rows.map((r) => [r.hostname, r]));
}

function host(rows: readonly HdfsDatanodeRow[], hostname: string): HdfsDatanodeRow {
  const row = byHost(rows).get(hostname);
  if (row === undefined) throw new Error(`no row for ${hostname}`);
  return row;
}

/** The ParseError `fn` throws (any other outcome fails the test). */
function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

/** The report's lines 1..n (a file cut after line n). */
function firstLines(text: string, n: number): string {
  return text.split('\n').slice(0, n).join('\n') + '\n';
}

/** The report with lines `from`..`to` (1-based, inclusive) removed. */
function withoutLines(text: string, from: number, to: number): string {
  const lines = text.split('\n');
  lines.splice(from - 1, to - from + 1);
  return lines.join('\n');
}

function replaceLine(text: string, lineNo: number, replacement: string): string {
  const lines = text.split('\n');
  lines[lineNo - 1] = replacement;
  return lines.join('\n');
}

describe('hdfsReportParser: a Hadoop 3.3.6 report', () => {
  const rows = parse(REPORT);

  it('skips the log line, "Safe mode is ON" and the WARNING block before Configured Capacity, and finds every datanode once', () => {
    expect(rows.map((r) => r.hostname)).toEqual([
      'dn0010.smf1.example.com',
      'dn0001.smf1.example.com',
      'dn0002.smf1.example.com',
      'dn0003.smf1.example.com',
      'dn0004.smf1.example.com',
      'dn0005.smf1.example.com',
      'dn0006.smf1.example.com',
      'dn0007.smf1.example.com',
      'dn0018',
      'dn0011.smf1.example.com',
      'dn0019',
      'dn0030.smf1.example.com',
      'dn0009.smf1.example.com',
    ]);
  });

  it('reads a live in-service node field by field, from the raw longs and epoch seconds', () => {
    expect(host(rows, 'dn0001.smf1.example.com')).toEqual({
      hostname: 'dn0001.smf1.example.com',
      ip: '10.176.1.11',
      xfer_port: 9866,
      rack: '/smf1/r01',
      upgrade_domain: 'ud-01',
      admin_state: 'in-service',
      live: 1,
      registered: 1,
      sections: 'live',
      last_contact: 1714564798, // Wed May 01 11:59:58 UTC 2024
      last_block_report: 1714557583, // Wed May 01 09:59:43 UTC 2024
      capacity: 96000000000000,
      dfs_used: 82106040197120,
      non_dfs_used: 1232765026304,
      remaining: 12661194776576,
      num_blocks: 611870,
      xceivers: 58,
      version: null,
      volfails: null,
      line: 53,
      path: null,
    });
  });

  it('merges a node listed in Live and Decommissioning into one row at its first Name: line', () => {
    expect(host(rows, 'dn0003.smf1.example.com')).toMatchObject({
      ip: '10.176.1.13', // the reverse DNS lookup failed: `Name: 10.176.1.13:9866 (10.176.1.13)`
      admin_state: 'decommissioning',
      live: 1,
      sections: 'live,decommissioning',
      num_blocks: 603199,
      line: 97,
    });
  });

  it('merges a dead in-maintenance node: live 0, sections dead,in-maintenance, blocks kept', () => {
    expect(host(rows, 'dn0030.smf1.example.com')).toMatchObject({
      admin_state: 'in-maintenance',
      live: 0,
      registered: 1,
      sections: 'dead,in-maintenance',
      last_contact: 1714559400, // Wed May 01 10:30:00 UTC 2024
      num_blocks: 597030,
      line: 271,
    });
  });

  it('maps every Decommission Status wording to its admin state', () => {
    const states = Object.fromEntries(rows.map((r) => [r.hostname, `${r.admin_state} ${r.sections}`]));
    expect(states).toMatchObject({
      'dn0004.smf1.example.com': 'decommissioned live',
      'dn0005.smf1.example.com': 'entering-maintenance live,entering-maintenance',
      'dn0006.smf1.example.com': 'in-maintenance live,in-maintenance',
      dn0019: 'decommissioned dead',
      'dn0009.smf1.example.com': 'in-service dead',
    });
  });

  it('reads an IPv6 Name: without brackets or reverse DNS by splitting on the last colon', () => {
    expect(host(rows, 'dn0011.smf1.example.com')).toMatchObject({ ip: '2001:db8:b0::b', xfer_port: 9866, rack: '/smf1/r03', line: 226 });
  });

  it('stores an omitted Rack: (the default rack) as null and a missing Upgrade domain: as null', () => {
    expect(host(rows, 'dn0007.smf1.example.com')).toMatchObject({ rack: null, upgrade_domain: null, capacity: 48000000000000 });
  });

  it('keeps a short registered Hostname: as written, not the reverse DNS name', () => {
    expect(host(rows, 'dn0018')).toMatchObject({ ip: '10.176.2.18', dfs_used: 49152, num_blocks: 2 });
  });

  it('keeps the last-known numbers of a dead node and its last contact', () => {
    expect(host(rows, 'dn0019')).toMatchObject({
      live: 0,
      rack: '/smf1/r03',
      capacity: 96000000000000,
      last_contact: 1714309133, // Sun Apr 28 12:58:53 UTC 2024
      last_block_report: 1714301933,
      num_blocks: 0,
    });
  });

  it('marks an include-file host that never registered: registered 0, no last contact, no block report', () => {
    expect(host(rows, 'dn0009.smf1.example.com')).toEqual({
      hostname: 'dn0009.smf1.example.com',
      ip: '10.176.2.19',
      xfer_port: 9866,
      rack: null,
      upgrade_domain: null,
      admin_state: 'in-service',
      live: 0,
      registered: 0,
      sections: 'dead',
      last_contact: null,
      last_block_report: null,
      capacity: 0,
      dfs_used: 0,
      non_dfs_used: 0,
      remaining: 0,
      num_blocks: 0,
      xceivers: 0,
      version: null,
      volfails: null,
      line: 293,
      path: null,
    });
  });

  it('stores a literal "Rack: /default-rack" as null too', () => {
    const text = REPORT.replace('Hostname: dn0007.smf1.example.com\n', 'Hostname: dn0007.smf1.example.com\nRack: /default-rack\n');
    expect(host(parse(text), 'dn0007.smf1.example.com').rack).toBeNull();
  });

  it('parses CRLF line endings exactly like LF', () => {
    expect(parse(REPORT.replaceAll('\n', '\r\n'))).toEqual(rows);
  });

  it('parses a file that starts with a UTF-8 byte order mark', () => {
    expect(parse(`\uFEFF${REPORT}`)).toEqual(rows);
  });

  it('tolerates a key: value line a newer Hadoop adds to a block', () => {
    const text = REPORT.replace('Xceivers: 58\n', 'Xceivers: 58\nSlow disks: 0\n');
    expect(host(parse(text), 'dn0001.smf1.example.com').xceivers).toBe(58);
  });
});

describe('hdfsReportParser: a Hadoop 2.7 report', () => {
  const rows = parse(REPORT_27);

  it('reads the flat 2.x summary and blocks without Last Block Report or Num of Blocks', () => {
    expect(host(rows, 'dn0001.smf1.example.com')).toEqual({
      hostname: 'dn0001.smf1.example.com',
      ip: '10.176.1.11',
      xfer_port: 50010,
      rack: '/smf1/r01',
      upgrade_domain: null,
      admin_state: 'in-service',
      live: 1,
      registered: 1,
      sections: 'live',
      last_contact: 1714564798, // Wed May 01 04:59:58 PDT 2024
      last_block_report: null,
      capacity: 96000000000000,
      dfs_used: 82106040197120,
      non_dfs_used: 1232765026304,
      remaining: 12661194776576,
      num_blocks: null,
      xceivers: 58,
      version: null,
      volfails: null,
      line: 14,
      path: null,
    });
  });

  it('merges Live and Decommissioning, and reads a never-registered node printed in PST (Wed Dec 31 16:00:00 PST 1969)', () => {
    expect(rows.map((r) => `${r.hostname} ${r.sections} ${r.admin_state} registered=${r.registered} live=${r.live}`)).toEqual([
      'dn0001.smf1.example.com live in-service registered=1 live=1',
      'dn0002.smf1.example.com live in-service registered=1 live=1',
      'dn0003.smf1.example.com live,decommissioning decommissioning registered=1 live=1',
      'dn0007.smf1.example.com live in-service registered=1 live=1',
      'dn0019 dead in-service registered=1 live=0',
      'dn0009.smf1.example.com dead in-service registered=0 live=0',
    ]);
    expect(host(rows, 'dn0019').last_contact).toBe(1714309133); // Sun Apr 28 05:58:53 PDT 2024
  });
});

describe('hdfsReportParser: filtered reports', () => {
  it('accepts "Dead datanodes (0):" from `-report -dead` with no blocks, and returns no rows', () => {
    expect(parse(fixture('report-3.3.6-dead-filter.txt'))).toEqual([]);
  });

  it('does not count a node seen only in Decommissioning (`-report -decommissioning`) as live', () => {
    expect(parse(fixture('report-3.3.6-decommissioning-filter.txt'))).toMatchObject([
      { hostname: 'dn0003.smf1.example.com', admin_state: 'decommissioning', live: 0, sections: 'decommissioning', line: 23 },
    ]);
  });

  it('accepts a Slow section and adds "slow" to a live node listed there', () => {
    const rows = parse(fixture('report-3.3.6-live-slownodes-filter.txt'));
    expect(rows.map((r) => `${r.hostname} ${r.sections} live=${r.live}`)).toEqual([
      'dn0001.smf1.example.com live live=1',
      'dn0002.smf1.example.com live,slow live=1',
      'dn0011.smf1.example.com live live=1',
    ]);
  });

  it('makes no row from a node listed only in the Slow section', () => {
    expect(parse(fixture('report-3.3.6-slownodes-filter.txt'))).toEqual([]);
  });
});

describe('hdfsReportParser: damaged and wrong inputs', () => {
  it('reports a file cut in the middle of a block at the block, naming the missing keys', () => {
    // Cut after line 262 (`DFS Remaining%:` of dn0019, in the Dead section).
    expect(parseErrorOf(() => parse(firstLines(REPORT, 262))).message).toBe(
      'line 250: datanode block 10.176.3.29:9866 (dn0019.smf1.example.com) lacks "Last contact:" (truncated?)',
    );
  });

  it('reports a file cut between two blocks as a section count mismatch at the header', () => {
    expect(parseErrorOf(() => parse(firstLines(REPORT, 270))).message).toBe(
      'line 248: section "Dead datanodes (3):" expected 3 datanode blocks, found 1 (truncated or damaged report?)',
    );
  });

  it('reports a file cut right after the last block\'s "Last contact:" line, which the other blocks go past', () => {
    expect(parseErrorOf(() => parse(firstLines(REPORT, 402))).message).toBe(
      'line 385: datanode block lacks "Last Block Report:", which the other blocks of this report have (truncated?)',
    );
  });

  it('reports a date cut in half', () => {
    expect(parseErrorOf(() => parse(`${firstLines(REPORT, 401)}Last contact: Wed May 01 10:3`)).message).toBe(
      'line 402: Last contact: expected a date like "Wed May 01 11:59:58 UTC 2024", got "Wed May 01 10:3"',
    );
  });

  it('reports a block missing from the middle of a section at the section header, with both counts', () => {
    expect(parseErrorOf(() => parse(withoutLines(REPORT, 75, 96))).message).toBe(
      'line 29: section "Live datanodes (10):" expected 10 datanode blocks, found 9 (truncated or damaged report?)',
    );
  });

  it('refuses an admin-state wording the report never prints, listing the accepted ones', () => {
    const text = replaceLine(REPORT, 123, 'Decommission Status : Decomissioned');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 123: Decommission Status: unknown admin state "Decomissioned"; expected one of Normal, In Service, Decommission in progress, ' +
        'Decommission In Progress, Decommissioned, Entering maintenance, Entering Maintenance, In maintenance, In Maintenance',
    );
  });

  it('accepts the JMX/enum spellings of the admin state in a report', () => {
    const text = replaceLine(REPORT, 123, 'Decommission Status : Decommission In Progress');
    expect(host(parse(text), 'dn0004.smf1.example.com').admin_state).toBe('decommissioning');
  });

  it('refuses a byte count that is not a number, naming the key', () => {
    const text = REPORT.replace('DFS Used: 82106040197120 (74.68 TB)', 'DFS Used: n/a (74.68 TB)');
    expect(parseErrorOf(() => parse(text)).message).toBe('line 59: DFS Used: expected a byte count like "1024 (1 KB)", got "n/a (74.68 TB)"');
  });

  it('refuses a count that is not an integer, naming the key', () => {
    const text = REPORT.replace('Xceivers: 58', 'Xceivers: 5 8');
    expect(parseErrorOf(() => parse(text)).message).toBe('line 69: Xceivers: expected an integer, got "5 8"');
  });

  it('refuses a date that is not a Date#toString', () => {
    const text = REPORT.replace('Last contact: Wed May 01 11:59:58 UTC 2024', 'Last contact: 2024-05-01T11:59:58Z');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 70: Last contact: expected a date like "Wed May 01 11:59:58 UTC 2024", got "2024-05-01T11:59:58Z"',
    );
  });

  it('refuses a time zone abbreviation it cannot place, rather than guessing', () => {
    const text = REPORT.replace('Last contact: Wed May 01 11:59:58 UTC 2024', 'Last contact: Wed May 01 11:59:58 XYZT 2024');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 70: Last contact: unknown time zone "XYZT" in "Wed May 01 11:59:58 XYZT 2024": set the source\'s timezone to the IANA zone of the JVM that printed it (like Asia/Kolkata), or capture it with TZ=UTC',
    );
  });

  it('refuses a date whose weekday does not match (a damaged line)', () => {
    const text = REPORT.replace('Last contact: Wed May 01 11:59:58 UTC 2024', 'Last contact: Thu May 01 11:59:58 UTC 2024');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 70: Last contact: "Thu May 01 11:59:58 UTC 2024" is not a real date (May 01 2024 is not a Thu)',
    );
  });

  it('refuses a line without ": " inside a block', () => {
    const text = REPORT.replace('Xceivers: 58\n', 'Xceivers: 58\ngarbage\n');
    expect(parseErrorOf(() => parse(text)).message).toBe('line 70: expected "key: value" in the datanode block that starts at line 53, got "garbage"');
  });

  it('refuses a key: value line outside any block', () => {
    const text = withoutLines(REPORT, 53, 53);
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 53: unexpected line outside a datanode block: "Hostname: dn0001.smf1.example.com" (expected a section header like "Live datanodes (3):" or a "Name:" line)',
    );
  });

  it('refuses a datanode list whose 49-dash line is missing', () => {
    expect(parseErrorOf(() => parse(withoutLines(REPORT, 28, 28))).message).toBe(
      'line 28: datanode list before the 49-dash line that ends the summary (damaged report?)',
    );
  });

  it('refuses the same Name: twice in one section', () => {
    const block = REPORT.split('\n').slice(52, 74).join('\n');
    const text = REPORT.replace('Dead datanodes (3):', `${block}\nDead datanodes (3):`).replace('Live datanodes (10):', 'Live datanodes (11):');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 248: Name: 10.176.1.11:9866 (dn0001.smf1.example.com) is listed twice in the live section (first at line 53; damaged report?)',
    );
  });

  it('refuses one Name: with two different hostnames', () => {
    const text = replaceLine(REPORT, 316, 'Hostname: dn0033.smf1.example.com');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      'line 315: Name: 10.176.1.13:9866 (10.176.1.13) has Hostname dn0033.smf1.example.com here but dn0003.smf1.example.com at line 97: the same datanode cannot have two hostnames',
    );
  });

  it('refuses an empty input as not a report', () => {
    expect(parseErrorOf(() => parse('')).message).toBe('not an hdfs dfsadmin -report output: the input is empty');
  });

  it('refuses a report that ends inside the summary (header only)', () => {
    expect(parseErrorOf(() => parse(firstLines(REPORT, 12))).message).toBe(
      'line 9: the summary that starts here is not followed by the 49-dash line and the datanode sections: the report ends early (truncated?)',
    );
  });

  it('refuses yarn node -list output given by mistake, and says what it looks like', () => {
    expect(parseErrorOf(() => parse(fixture('yarn-node-list-by-mistake.txt'))).message).toBe(
      'not an hdfs dfsadmin -report output: no "Configured Capacity:" line; it starts with "Total Nodes:4" (this looks like yarn node -list output: use kind yarn-nodes)',
    );
  });

  it('refuses the output of a failed dfsadmin and quotes its first line', () => {
    expect(parseErrorOf(() => parse(fixture('report-access-denied.txt'))).message).toBe(
      'not an hdfs dfsadmin -report output: no "Configured Capacity:" line; it starts with "report: Access denied for user alice. Superuser privilege is required"',
    );
  });

  it('refuses binary garbage (a gzipped report) through the NUL check of the line reader', () => {
    const gz = gzipSync(Buffer.from(REPORT)).toString('latin1');
    expect(parseErrorOf(() => parse(gz)).message).toBe('line 1: NUL byte in a text input (is this a binary file?)');
  });
});

/**
 * `Date#toString` as a JVM in `zone` prints it. `abbr` is the abbreviation, or
 * for zones with summer time its first letter: `C` → CST/CDT, `B` → GMT/BST.
 */
function javaDateIn(t: number, zone: string, abbr: string): string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', year: 'numeric', timeZoneName: 'shortOffset' });
  const p = Object.fromEntries(f.formatToParts(t * 1000).map((x) => [x.type, x.value]));
  const summer = (() => {
    const jan = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(Date.UTC(new Date(t * 1000).getUTCFullYear(), 0, 1)).find((x) => x.type === 'timeZoneName')!.value;
    return p['timeZoneName'] !== jan;
  })();
  const name = abbr === 'C' ? (summer ? 'CDT' : 'CST') : abbr === 'B' ? (summer ? 'BST' : 'GMT') : abbr;
  return `${p['weekday']} ${p['month']} ${p['day']} ${p['hour']}:${p['minute']}:${p['second']} ${name} ${p['year']}`;
}

describe('parseJavaDate: the Date#toString of the report, in the client JVM\'s zone', () => {
  const epoch = (iso: string): number => Date.parse(iso) / 1000;

  it.each([
    ['Wed May 01 11:59:58 UTC 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 11:59:58 GMT 2024', '2024-05-01T11:59:58Z'],
    ['Mon Apr 29 06:16:12 PDT 2024', '2024-04-29T13:16:12Z'],
    ['Wed Dec 31 16:00:00 PST 1969', '1970-01-01T00:00:00Z'],
    ['Wed May 01 07:59:58 EDT 2024', '2024-05-01T11:59:58Z'],
    ['Thu Jul 06 19:03:05 BRT 2017', '2017-07-06T22:03:05Z'],
    ['Wed May 01 13:59:58 CEST 2024', '2024-05-01T11:59:58Z'],
    ['Wed Jan 10 13:00:00 CET 2024', '2024-01-10T12:00:00Z'],
    ['Wed May 01 14:59:58 MSK 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 20:59:58 JST 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 19:59:58 SGT 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 21:59:58 AEST 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 23:59:58 NZST 2024', '2024-05-01T11:59:58Z'],
    ['Wed May 01 17:29:58 GMT+05:30 2024', '2024-05-01T11:59:58Z'],
    ['Thu Feb 29 23:59:59 UTC 2024', '2024-02-29T23:59:59Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseJavaDate(text, 'Last contact', 7)).toBe(epoch(iso));
  });

  // A China-based cluster prints CST for +08:00; reading it as US Central put its dates 14 hours off.
  it('never guesses an ambiguous abbreviation: an error naming the option to set', () => {
    const opts = { timezoneKey: 'sources.hdfs-bj.timezone' };
    expect(parseErrorOf(() => parseJavaDate('Wed Jan 10 20:00:00 CST 2024', 'Last contact', 7, opts)).message).toBe(
      'line 7: Last contact: the time zone "CST" in "Wed Jan 10 20:00:00 CST 2024" is ambiguous (-06:00 US Central, -05:00 Cuba or +08:00 China, Taiwan, Macau): ' +
        'set sources.hdfs-bj.timezone to the IANA zone of the JVM that printed it (like Asia/Shanghai), or capture it with TZ=UTC',
    );
    for (const zone of AMBIGUOUS_ZONE_NAMES) {
      expect(parseErrorOf(() => parseJavaDate(`Wed May 01 12:00:00 ${zone} 2024`, 'Last contact', 7, opts)).message).toContain(`the time zone "${zone}" in`);
    }
    expect(AMBIGUOUS_ZONE_NAMES).toEqual(['AMT', 'AST', 'BST', 'CDT', 'CLT', 'CST', 'EET', 'GST', 'IST', 'PST', 'WAT']);
  });

  it.each([
    ['Wed Jan 10 20:00:00 CST 2024', 'Asia/Shanghai', '2024-01-10T12:00:00Z'],
    ['Wed Jul 10 20:00:00 CST 2024', 'Asia/Shanghai', '2024-07-10T12:00:00Z'],
    ['Wed Jan 10 06:00:00 CST 2024', 'America/Chicago', '2024-01-10T12:00:00Z'],
    ['Wed Jul 10 07:00:00 CDT 2024', 'America/Chicago', '2024-07-10T12:00:00Z'],
    ['Wed Jan 10 07:00:00 CST 2024', 'America/Havana', '2024-01-10T12:00:00Z'],
    ['Wed May 01 17:29:58 IST 2024', 'Asia/Kolkata', '2024-05-01T11:59:58Z'],
    ['Wed Jan 10 14:00:00 IST 2024', 'Asia/Jerusalem', '2024-01-10T12:00:00Z'],
    ['Wed May 01 12:59:58 IST 2024', 'Europe/Dublin', '2024-05-01T11:59:58Z'],
    ['Wed May 01 12:59:58 BST 2024', 'Europe/London', '2024-05-01T11:59:58Z'],
    ['Wed Jan 10 04:00:00 PST 2024', 'America/Los_Angeles', '2024-01-10T12:00:00Z'],
    ['Wed Jan 10 20:00:00 PST 2024', 'Asia/Manila', '2024-01-10T12:00:00Z'],
    // The hour that occurs twice when the clocks go back: the name says which.
    ['Sun Nov 03 01:30:00 CDT 2024', 'America/Chicago', '2024-11-03T06:30:00Z'],
    ['Sun Nov 03 01:30:00 CST 2024', 'America/Chicago', '2024-11-03T07:30:00Z'],
    ['Sun Oct 27 03:30:00 EET 2024', 'Europe/Helsinki', '2024-10-27T01:30:00Z'],
    // An abbreviation breakfix does not know is read in the zone given; a known one is read as itself.
    ['Wed May 01 19:59:58 MYT 2024', 'Asia/Kuala_Lumpur', '2024-05-01T11:59:58Z'],
    ['Wed May 01 11:59:58 UTC 2024', 'Asia/Shanghai', '2024-05-01T11:59:58Z'],
  ])('reads %s in %s as %s', (text, timezone, iso) => {
    expect(parseJavaDate(text, 'Last contact', 7, { timezone, timezoneKey: 'sources.x.timezone' })).toBe(epoch(iso));
  });

  it('refuses an ambiguous abbreviation the configured zone does not print', () => {
    expect(parseErrorOf(() => parseJavaDate('Wed Jan 10 20:00:00 CST 2024', 'Last contact', 7, { timezone: 'Asia/Tokyo', timezoneKey: 'sources.x.timezone' })).message).toBe(
      'line 7: Last contact: "Wed Jan 10 20:00:00 CST 2024": Asia/Tokyo (sources.x.timezone) does not print CST at that time (+09:00 there then; CST is -06:00 US Central, -05:00 Cuba or +08:00 China, Taiwan, Macau): is sources.x.timezone the zone of the JVM that printed it?',
    );
  });

  it('refuses a wall time that occurs twice when its abbreviation is not one breakfix knows', () => {
    expect(parseErrorOf(() => parseJavaDate('Sun Nov 03 01:30:00 XYZ 2024', 'Last contact', 7, { timezone: 'America/Chicago', timezoneKey: 'sources.x.timezone' })).message).toBe(
      'line 7: Last contact: "Sun Nov 03 01:30:00 XYZ 2024" is a time that occurs twice in America/Chicago (sources.x.timezone) and "XYZ" does not say which',
    );
  });

  it('reads epoch 0 printed with an ambiguous abbreviation without a zone (an unset time)', () => {
    expect(parseJavaDate('Wed Dec 31 16:00:00 PST 1969', 'Last contact', 7)).toBe(0);
    expect(parseJavaDate('Thu Jan 01 08:00:00 CST 1970', 'Last contact', 7)).toBe(0);
    expect(parseJavaDate('Thu Jan 01 05:30:00 IST 1970', 'Last contact', 7)).toBe(0);
  });

  it('reads the same instant from every zone that prints an ambiguous abbreviation (property)', () => {
    const zones: [string, string][] = [
      ['America/Chicago', 'C'],
      ['Asia/Shanghai', 'CST'],
      ['Asia/Kolkata', 'IST'],
      ['Asia/Manila', 'PST'],
      ['Europe/London', 'B'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }), fc.constantFrom(...zones), (t, [zone, abbr]) => {
        const text = javaDateIn(t, zone, abbr);
        expect(parseJavaDate(text, 'Last contact', 7, { timezone: zone })).toBe(t);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a day the month does not have', () => {
    expect(parseErrorOf(() => parseJavaDate('Fri Feb 30 11:59:58 UTC 2024', 'Last Block Report', 7)).message).toBe(
      'line 7: Last Block Report: expected a date like "Wed May 01 11:59:58 UTC 2024", got "Fri Feb 30 11:59:58 UTC 2024"',
    );
  });
});

describe('hdfsReportParser: random damage', () => {
  const lines = REPORT.split('\n');
  const mutation = fc.oneof(
    fc.nat({ max: REPORT.length }).map((n) => REPORT.slice(0, n)),
    fc.nat({ max: lines.length - 1 }).map((i) => lines.filter((_, j) => j !== i).join('\n')),
    fc
      .tuple(fc.nat({ max: lines.length }), fc.string({ maxLength: 40 }))
      .map(([i, junk]) => [...lines.slice(0, i), junk, ...lines.slice(i)].join('\n')),
  );

  it('either parses or throws a ParseError, and never returns a row without a hostname', () => {
    fc.assert(
      fc.property(mutation, (text) => {
        let rows: HdfsDatanodeRow[];
        try {
          rows = parse(text);
        } catch (err) {
          if (err instanceof ParseError) return;
          throw err;
        }
        for (const row of rows) expect(row.hostname).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});
