import { describe, expect, it } from 'vitest';
import { hdfsReportParser } from '../../src/sources/hdfs-report.js';
import { parseLines } from '../../src/sources/parser.js';
import type { HdfsHealthRow } from '../../src/sources/rows.js';
import { blocksFor, goDown } from '../../src/sim/host-transitions.js';
import { renderHdfsReport, REREPLICATION_SECONDS, stillToReplicate } from '../../src/sim/render-hdfs-report.js';
import type { SimState } from '../../src/sim/sim-state.js';
import { tick } from '../../src/sim/tick.js';
import { namenodeCommand, initCommand, tickCommand } from '../../src/sim/sim-commands.js';
import { readState, simPaths } from '../../src/sim/sim-store.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { act, fleet, healthyWorker } from './sim-helpers.js';

/**
 * The simulated NameNode's health, as breakfix reads it from the report's
 * summary: under-replication rises when drains start and falls as they
 * progress; a dead node's blocks are re-replicated over a few hours; missing
 * and corrupt blocks and safe mode come from `sim namenode`.
 */

function health(s: SimState, cluster: string): HdfsHealthRow {
  let row: HdfsHealthRow | undefined;
  parseLines(hdfsReportParser, { onHealth: (r) => (row = r) }, renderHdfsReport(s, cluster));
  return row!;
}

describe('the simulated report summary', () => {
  it('rises by the drained nodes\' blocks when drains start, and falls as the decommissions progress to their end', () => {
    const s0 = tick(fleet(4, 600), 40); // every dead node of the initial world re-replicated (ticks of 10 minutes)
    const before = health(s0, 'dwh').under_replicated!;
    const drained = s0.hosts.filter((h) => h.cluster === 'dwh' && healthyWorker(h)).slice(0, 5);
    const s1 = act(s0, 'drain', drained.map((h) => h.hostname)).state;
    const blocks = drained.reduce((n, h) => n + blocksFor(h.hdfs!.dfsUsed), 0);
    expect(health(s1, 'dwh').under_replicated).toBe(before + blocks);
    const series = [health(s1, 'dwh').under_replicated!];
    let s = s1;
    for (let i = 0; i < 6; i++) {
      s = tick(s, 1);
      series.push(health(s, 'dwh').under_replicated!);
    }
    for (let i = 1; i < series.length; i++) expect(series[i]!).toBeLessThanOrEqual(series[i - 1]!);
    expect(series[series.length - 1]).toBeLessThan(series[0]!);
    expect(s.hosts.filter((h) => drained.some((d) => d.hostname === h.hostname)).every((h) => h.hdfs!.admin === 'decommissioned')).toBe(true);
  });

  it('counts a dead in-service node\'s blocks until they are re-replicated, falling over REREPLICATION_SECONDS', () => {
    const s = fleet(4, 600);
    const h = s.hosts.find((x) => x.cluster === 'dwh' && healthyWorker(x))!;
    goDown(h, 'crash', s.now);
    const died = h.hdfs!.lastContact;
    const blocks = blocksFor(h.hdfs!.dfsUsed);
    expect(stillToReplicate(h.hdfs!, died)).toBe(blocks);
    expect(stillToReplicate(h.hdfs!, died + REREPLICATION_SECONDS / 2)).toBe(Math.ceil(blocks / 2));
    expect(stillToReplicate(h.hdfs!, died + REREPLICATION_SECONDS)).toBe(0);
  });
});

describe('sim namenode: a missing-blocks scenario', () => {
  it('puts missing and corrupt blocks and safe mode in one cluster\'s report, and clears them after --ticks', () => {
    const ws = tempDir('bf-sim-nn-');
    expect(initCommand({ dir: ws, seed: 2, hosts: 300, start: Date.parse('2026-11-23T00:00:00Z') / 1000, config: {}, force: false }).exitCode).toBe(0);
    const r = namenodeCommand({ dir: ws, cluster: 'dwh', missingBlocks: 12, corruptBlocks: 3, safeMode: true, ticks: 2 });
    expect(r.stdout).toBe('dwh: 12 missing blocks, 3 with corrupt replicas, safe mode on, clears in 2 ticks\n');
    const report = (cluster: string) => readFileSync(join(ws, 'inputs', `hdfs-${cluster}.report`), 'utf8');
    const rowOf = (text: string) => {
      let row: HdfsHealthRow | undefined;
      parseLines(hdfsReportParser, { onHealth: (x) => (row = x) }, text);
      return row!;
    };
    expect(report('dwh').startsWith('Safe mode is ON\nConfigured Capacity: ')).toBe(true);
    expect(rowOf(report('dwh'))).toMatchObject({ safe_mode: 1, missing_blocks: 12, corrupt_blocks: 3 });
    expect(rowOf(report('archive'))).toMatchObject({ safe_mode: 0, missing_blocks: 0, corrupt_blocks: 0 });
    tickCommand(ws, 1);
    expect(rowOf(report('dwh'))).toMatchObject({ missing_blocks: 12 });
    tickCommand(ws, 1);
    expect(rowOf(report('dwh'))).toMatchObject({ safe_mode: 0, missing_blocks: 0, corrupt_blocks: 0 });
    expect(readState(simPaths(ws)).namenodes!.find((n) => n.cluster === 'dwh')).toEqual({ cluster: 'dwh', missingBlocks: 0, corruptBlocks: 0, safeMode: false, clearsIn: 0 });
  });

  it('keeps an incident without --ticks until it is set back, and refuses a cluster the world does not have', () => {
    const ws = tempDir('bf-sim-nn-');
    initCommand({ dir: ws, seed: 2, hosts: 300, start: Date.parse('2026-11-23T00:00:00Z') / 1000, config: {}, force: false });
    namenodeCommand({ dir: ws, cluster: 'etl', missingBlocks: 7 });
    tickCommand(ws, 5);
    expect(readState(simPaths(ws)).namenodes!.find((n) => n.cluster === 'etl')!.missingBlocks).toBe(7);
    expect(namenodeCommand({ dir: ws, cluster: 'etl', missingBlocks: 0 }).stdout).toBe('etl: 0 missing blocks, 0 with corrupt replicas, safe mode off\n');
    expect(() => namenodeCommand({ dir: ws, cluster: 'nope', missingBlocks: 1 })).toThrow('namenode: unknown cluster "nope"; the clusters are dwh, archive, etl, cache-prod');
  });
});
