import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseHdfsJmxDocument } from '../../src/sources/hdfs-jmx.js';
import { hdfsReportParser } from '../../src/sources/hdfs-report.js';
import { parseLines } from '../../src/sources/parser.js';
import type { HdfsHealthRow } from '../../src/sources/rows.js';

/**
 * The cluster's health: the summary of `hdfs dfsadmin -report` (2.x flat,
 * 3.x grouped, tabs pasted as spaces) and the NameNode's FSNamesystem,
 * FSNamesystemState and NameNodeInfo beans, in safe mode and out of it.
 */

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hdfs/${name}`, import.meta.url), 'utf8');
const CAPTURED_AT = 1714564800;

function reportHealth(text: string): HdfsHealthRow {
  const rows: HdfsHealthRow[] = [];
  parseLines(hdfsReportParser, { onHealth: (r) => rows.push(r) }, text);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

const jmx = (text: string) => parseHdfsJmxDocument(text, { capturedAt: CAPTURED_AT });

describe('hdfs dfsadmin -report: the summary is the cluster health', () => {
  it('reads a 3.3.6 report in safe mode: the grouped summary, "Safe mode is ON", the node counts of its sections', () => {
    expect(reportHealth(fixture('report-3.3.6.txt'))).toEqual({
      safe_mode: 1,
      ha_state: null,
      capacity: 912000000000000,
      present_capacity: 902866988955683,
      remaining: 308984387106851,
      dfs_used: 593882601848832,
      under_replicated: 1205934,
      corrupt_blocks: 0,
      missing_blocks: 0,
      missing_repl_one: 0,
      pending_deletion: 0,
      ec_low_redundancy: 0,
      ec_corrupt: 0,
      ec_missing: 0,
      ec_pending_deletion: 0,
      blocks_total: null,
      replicas: 4434720,
      live_nodes: 10,
      live_in_service: 6,
      dead_nodes: 3,
      decommissioning: 1,
      line: 9,
      path: null,
    });
  });

  it('reads a flat 2.7 summary out of safe mode: no EC lines, no block counts per node (replicas unknown)', () => {
    expect(reportHealth(fixture('report-2.7.3.txt'))).toMatchObject({
      safe_mode: 0,
      capacity: 336000000000000,
      remaining: 89035126175779,
      dfs_used: 243325787594752,
      under_replicated: 4821,
      corrupt_blocks: 0,
      missing_blocks: 0,
      missing_repl_one: 0,
      pending_deletion: null,
      ec_low_redundancy: null,
      ec_missing: null,
      replicas: null,
      live_nodes: 4,
      live_in_service: 3,
      dead_nodes: 2,
      decommissioning: 1,
      line: 1,
    });
  });

  it('reads a report pasted from a terminal (tabs turned into spaces) with missing and corrupt blocks, keeping the two groups apart', () => {
    expect(reportHealth(fixture('report-3.3.6-missing-blocks-pasted.txt'))).toMatchObject({
      safe_mode: 0,
      capacity: 384000000000000,
      remaining: 134938988478464,
      under_replicated: 4821,
      corrupt_blocks: 3,
      missing_blocks: 12,
      missing_repl_one: 2,
      pending_deletion: 0,
      ec_missing: 1,
      ec_pending_deletion: 5,
      replicas: 1821398,
      live_nodes: 4,
      live_in_service: 4,
    });
  });

  it('accepts "Low redundancy blocks:" as the same count as "Under replicated blocks:"', () => {
    const text = fixture('report-3.3.6-missing-blocks-pasted.txt').replace('Under replicated blocks: 4821', 'Low redundancy blocks: 4822');
    expect(reportHealth(text).under_replicated).toBe(4822);
  });

  it('reads a capacity beyond 2^53 bytes to the nearest double instead of refusing it', () => {
    const text = fixture('report-2.7.3.txt').replace('Configured Capacity: 336000000000000 (305.59 TB)', 'Configured Capacity: 91456299680268288 (81.23 PB)');
    expect(reportHealth(text).capacity).toBe(91456299680268288);
  });

  it('gives NULL for a count the summary lacks (the invariants fail closed on it)', () => {
    const text = fixture('report-2.7.3.txt').replace('Missing blocks: 0\n', '');
    expect(reportHealth(text)).toMatchObject({ missing_blocks: null, missing_repl_one: 0 });
  });

  it('refuses a summary count that is not a number, at its line', () => {
    const text = fixture('report-3.3.6-missing-blocks-pasted.txt').replace('Missing blocks: 12', 'Missing blocks: twelve');
    expect(parseErrorOf(() => reportHealth(text)).message).toBe('line 9: Missing blocks: expected an integer, got "twelve"');
  });

  it('refuses a negative block count', () => {
    const text = fixture('report-3.3.6-missing-blocks-pasted.txt').replace('Blocks with corrupt replicas: 3', 'Blocks with corrupt replicas: -3');
    expect(parseErrorOf(() => reportHealth(text)).message).toBe('line 8: Blocks with corrupt replicas: a block count can not be negative, got -3');
  });

  it('refuses a summary capacity that is not a byte count', () => {
    const text = fixture('report-2.7.3.txt').replace('DFS Remaining: 89035126175779 (80.98 TB)', 'DFS Remaining: plenty');
    expect(parseErrorOf(() => reportHealth(text)).message).toBe('line 3: DFS Remaining: expected a byte count like "1024 (1 KB)", got "plenty"');
  });

  it('refuses a summary key listed twice in one group (a damaged or concatenated report)', () => {
    const text = fixture('report-2.7.3.txt').replace('Missing blocks: 0\n', 'Missing blocks: 0\nMissing blocks: 7\n');
    expect(parseErrorOf(() => reportHealth(text)).message).toBe('line 9: Missing blocks: listed twice in the report\'s summary (first at line 8; damaged report?)');
  });
});

describe('hdfs dfsadmin -report: a report pasted without its summary', () => {
  const REPORT = fixture('report-3.3.6-missing-blocks-pasted.txt');
  const fromLine = (n: number): string => REPORT.split('\n').slice(n - 1).join('\n');

  it('says the summary is missing, and what to paste, for a report pasted from its dash line', () => {
    expect(parseErrorOf(() => reportHealth(fromLine(20))).message).toBe(
      'line 1: the report starts at its datanode list: the summary above the 49-dash line (Configured Capacity, DFS Remaining, under-replicated, corrupt and missing blocks), ' +
        "which holds the cluster's health, is missing; capture or paste the whole output of hdfs dfsadmin -report, from its first line " +
        '("Configured Capacity:", or "Safe mode is ON" before it)',
    );
  });

  it('says the same for a report pasted from its first section header or its first Name: line', () => {
    expect(parseErrorOf(() => reportHealth(fromLine(21))).message).toMatch(/^line 1: the report starts at its datanode list: /);
    expect(parseErrorOf(() => reportHealth(fromLine(23))).message).toMatch(/^line 1: the report starts at its datanode list: /);
  });

  it('says the summary is cut when it starts below "Configured Capacity:"', () => {
    expect(parseErrorOf(() => reportHealth(fromLine(7))).message).toBe(
      'line 1: the report\'s summary is cut: it starts at "Under replicated blocks:" without the "Configured Capacity:" line above it; ' +
        'capture or paste the whole output of hdfs dfsadmin -report, from its first line ("Configured Capacity:", or "Safe mode is ON" before it)',
    );
  });

  it('still skips log lines before a whole report', () => {
    const text = `2024-05-01 12:00:00,412 WARN util.NativeCodeLoader: Unable to load native-hadoop library\n${REPORT}`;
    expect(reportHealth(text).line).toBe(2);
  });
});

describe('NameNode JMX: the cluster health and the decommissions\' progress', () => {
  it('reads /jmx?qry=Hadoop:service=NameNode,name=* (3.3.6, operational): FSNamesystem, FSNamesystemState, NameNodeInfo, other beans ignored', () => {
    const doc = jmx(fixture('jmx-namenode-all-3.3.6.json'));
    expect(doc.health).toEqual({
      safe_mode: 0,
      ha_state: 'active',
      capacity: 912000000000000,
      present_capacity: null,
      remaining: 308984387106851,
      dfs_used: 593882601848832,
      under_replicated: 1205934,
      corrupt_blocks: 0,
      missing_blocks: 0,
      missing_repl_one: 0,
      pending_deletion: 0,
      ec_low_redundancy: 0,
      ec_corrupt: 0,
      ec_missing: 0,
      ec_pending_deletion: 0,
      blocks_total: 2417310,
      replicas: 3994608,
      live_nodes: 9,
      live_in_service: 5,
      dead_nodes: 4,
      decommissioning: 2,
      line: null,
      path: '$.beans[1]',
    });
    expect(doc.datanodes).toHaveLength(13);
    expect(doc.decommissioning).toEqual([
      {
        hostname: 'dn0020.smf1.example.com',
        xfer_port: 9866,
        under_replicated_blocks: 0,
        decommission_only_replicas: 0,
        under_replicated_in_open_files: 0,
        line: null,
        path: '$.beans[4].DecomNodes["dn0020.smf1.example.com:9866"]',
      },
      {
        hostname: 'dn0003.smf1.example.com',
        xfer_port: 9866,
        under_replicated_blocks: 21873,
        decommission_only_replicas: 112,
        under_replicated_in_open_files: 3,
        line: null,
        path: '$.beans[4].DecomNodes["dn0003.smf1.example.com:9866"]',
      },
    ]);
  });

  it('reads a 2.7 NameNode in safe mode from FSNamesystem and FSNamesystemState alone: no node list, live in service from the counts', () => {
    const doc = jmx(fixture('jmx-fsnamesystem-2.7.3-safemode.json'));
    expect(doc.datanodes).toEqual([]);
    expect(doc.decommissioning).toEqual([]);
    expect(doc.health).toMatchObject({
      safe_mode: 1,
      ha_state: 'active',
      capacity: 336000000000000,
      remaining: 89035126175779,
      under_replicated: 4821,
      corrupt_blocks: 3,
      missing_blocks: 12,
      missing_repl_one: 2,
      ec_low_redundancy: null,
      blocks_total: 1820551,
      replicas: null,
      live_nodes: 4,
      // 4 live, 1 decommissioning (NumDecommissioningDataNodes counts dead ones too: the count errs low)
      live_in_service: 3,
      dead_nodes: 2,
      decommissioning: 1,
      path: '$.beans[0]',
    });
  });

  it('reads NameNodeInfo alone: safe mode, capacity and missing blocks; no under-replicated or corrupt count', () => {
    const doc = jmx(fixture('jmx-namenodeinfo-3.3.6.json'));
    expect(doc.health).toMatchObject({
      safe_mode: 0,
      capacity: 912000000000000,
      remaining: 308984387106851,
      missing_blocks: 0,
      under_replicated: null,
      corrupt_blocks: null,
      blocks_total: 2417310,
      live_in_service: 5,
    });
  });

  it('takes safe mode as on when NameNodeInfo\'s Safemode holds the safe mode tip', () => {
    const text = fixture('jmx-namenodeinfo-3.3.6.json').replace('"Safemode" : ""', '"Safemode" : "Safe mode is ON. The reported blocks 0 needs additional 2417310 blocks."');
    expect(jmx(text).health.safe_mode).toBe(1);
  });

  it('reads a capacity beyond 2^53 bytes to the nearest double', () => {
    const text = fixture('jmx-fsnamesystem-2.7.3-safemode.json').replaceAll('"CapacityTotal" : 336000000000000', '"CapacityTotal" : 91456299680268288');
    expect(jmx(text).health.capacity).toBe(91456299680268288);
  });

  it('refuses a count that is not an integer, at its JSON path', () => {
    const text = fixture('jmx-fsnamesystem-2.7.3-safemode.json').replace('"MissingBlocks" : 12', '"MissingBlocks" : "12"');
    expect(parseErrorOf(() => jmx(text)).message).toBe('$.beans[0].MissingBlocks: expected an integer, got the string "12"');
  });

  it('refuses a negative count', () => {
    const text = fixture('jmx-fsnamesystem-2.7.3-safemode.json').replace('"CorruptBlocks" : 3', '"CorruptBlocks" : -3');
    expect(parseErrorOf(() => jmx(text)).message).toBe('$.beans[0].CorruptBlocks: expected a count >= 0, got -3');
  });

  it('refuses an FSState it does not know', () => {
    const text = fixture('jmx-fsnamesystem-2.7.3-safemode.json').replace('"FSState" : "safeMode"', '"FSState" : "Upgrading"');
    expect(parseErrorOf(() => jmx(text)).message).toBe('$.beans[1].FSState: expected "safeMode" or "Operational", got "Upgrading"');
  });

  it('refuses a decommissioning node without underReplicatedBlocks, and progress that is not a number', () => {
    const all = fixture('jmx-namenode-all-3.3.6.json');
    const without = all.replace('\\"underReplicatedBlocks\\":21873,', '');
    expect(parseErrorOf(() => jmx(without)).message).toBe('$.beans[4].DecomNodes["dn0003.smf1.example.com:9866"]: the node has no underReplicatedBlocks');
    const word = all.replace('\\"underReplicatedBlocks\\":21873', '\\"underReplicatedBlocks\\":\\"lots\\"');
    expect(parseErrorOf(() => jmx(word)).message).toBe(
      '$.beans[4].DecomNodes["dn0003.smf1.example.com:9866"].underReplicatedBlocks: expected an integer, got the string "lots"',
    );
  });
});
