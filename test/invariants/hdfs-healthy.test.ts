import { describe, expect, it } from 'vitest';
import { checkHdfsHealthy, type HdfsHealthFacts, type HealthNumbers } from '../../src/invariants/hdfs-healthy.js';
import { hdfsLimitsOf } from '../../src/invariants/hdfs-limits.js';

const NOW = 1_800_000_000;
const LIMITS = hdfsLimitsOf({ clusters: {} }, 'dwh');

const healthy: HealthNumbers = {
  safeMode: 0,
  haState: null,
  capacity: 1000,
  remaining: 400,
  underReplicated: 0,
  corruptBlocks: 0,
  missingBlocks: 0,
  blocksTotal: 100_000,
  replicas: 300_000,
  liveInService: 10,
};

function facts(health: Partial<HealthNumbers> | null, over: Partial<HdfsHealthFacts> = {}): HdfsHealthFacts {
  return { source: 'hdfs-dwh', kind: 'hdfs-report', dataTime: NOW - 60, lastImportFailed: false, health: health === null ? null : { ...healthy, ...health }, ...over };
}

describe('hdfs-healthy', () => {
  it('passes a cluster with no missing or corrupt blocks, out of safe mode, under the under-replication limit', () => {
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 10_000 })], LIMITS, NOW)).toBeNull();
  });

  it('names the cause and the numbers', () => {
    expect(checkHdfsHealthy('dwh', [facts({ missingBlocks: 12 })], LIMITS, NOW)).toBe('dwh: 12 missing blocks');
    expect(checkHdfsHealthy('dwh', [facts({ missingBlocks: 1 })], LIMITS, NOW)).toBe('dwh: 1 missing block');
    expect(checkHdfsHealthy('archive', [facts({ safeMode: 1 })], LIMITS, NOW)).toBe('archive: NameNode in safe mode');
    expect(checkHdfsHealthy('dwh', [facts({ corruptBlocks: 3 })], LIMITS, NOW)).toBe('dwh: 3 blocks with corrupt replicas');
    expect(checkHdfsHealthy('dwh', [facts({ safeMode: 1, missingBlocks: 12, corruptBlocks: 1 })], LIMITS, NOW)).toBe(
      'dwh: NameNode in safe mode, 12 missing blocks, 1 block with corrupt replicas',
    );
  });

  it('refuses more under-replicated blocks than the share of the cluster\'s blocks allowed (default 10%); exactly at it passes', () => {
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 10_000 })], LIMITS, NOW)).toBeNull();
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 10_001 })], LIMITS, NOW)).toBe('dwh: 10001 under-replicated blocks, 10.001% of 100000 blocks (max 10%)');
  });

  it('estimates the block total of a report (which prints none) from the live DataNodes\' replicas and the replication factor', () => {
    const report = facts({ underReplicated: 20_000, blocksTotal: null, replicas: 300_000 });
    expect(checkHdfsHealthy('dwh', [report], LIMITS, NOW)).toBe(
      'dwh: 20000 under-replicated blocks, 20% of ~100000 blocks (the live DataNodes\' replicas / replication 3) (max 10%)',
    );
    const limits2 = hdfsLimitsOf({ clusters: { dwh: { replication: 2 } } }, 'dwh');
    expect(checkHdfsHealthy('dwh', [report], limits2, NOW)).toBe(
      'dwh: 20000 under-replicated blocks, 13% of ~150000 blocks (the live DataNodes\' replicas / replication 2) (max 10%)',
    );
  });

  it('lets an absolute limit decide alone when the input gives no block total (a 2.x report)', () => {
    const report27 = facts({ underReplicated: 400, blocksTotal: null, replicas: null });
    const absolute = hdfsLimitsOf({ max_under_replicated: 500, clusters: {} }, 'dwh');
    expect(checkHdfsHealthy('dwh', [report27], absolute, NOW)).toBeNull();
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 501, blocksTotal: null, replicas: null })], absolute, NOW)).toBe('dwh: 501 under-replicated blocks (max 500)');
  });

  it('applies an absolute limit too, and a per-cluster one over the global one', () => {
    const limits = hdfsLimitsOf({ max_under_replicated: 500, clusters: { archive: { max_under_replicated: 5000 } } }, 'dwh');
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 501 })], limits, NOW)).toBe('dwh: 501 under-replicated blocks (max 500)');
    expect(checkHdfsHealthy('archive', [facts({ underReplicated: 501 })], hdfsLimitsOf({ max_under_replicated: 500, clusters: { archive: { max_under_replicated: 5000 } } }, 'archive'), NOW)).toBeNull();
  });

  it('fails closed: no source, never imported, a failed import, stale health, a standby NameNode', () => {
    expect(checkHdfsHealthy('dwh', [], LIMITS, NOW)).toBe('dwh: no HDFS health: no hdfs-report or hdfs-jmx source has cluster dwh');
    expect(checkHdfsHealthy('dwh', [facts(null)], LIMITS, NOW)).toBe('dwh: hdfs-dwh has no health imported today');
    expect(checkHdfsHealthy('dwh', [facts({}, { lastImportFailed: true })], LIMITS, NOW)).toBe('dwh: hdfs-dwh failed to import (its health is from an earlier import)');
    expect(checkHdfsHealthy('dwh', [facts({}, { dataTime: NOW - 3 * 3600 - 1 })], LIMITS, NOW)).toBe('dwh: health from hdfs-dwh is 3h1s old (hdfs max_age 1h)');
    expect(checkHdfsHealthy('dwh', [facts({}, { dataTime: null })], LIMITS, NOW)).toBe('dwh: hdfs-dwh has no data time to check against hdfs max_age 1h');
    expect(checkHdfsHealthy('dwh', [facts({ haState: 'standby' }, { kind: 'hdfs-jmx' })], LIMITS, NOW)).toBe('dwh: hdfs-dwh is from a standby NameNode (tag.HAState standby)');
  });

  it('fails closed on a count the input does not give, saying where to get it', () => {
    expect(checkHdfsHealthy('dwh', [facts({ missingBlocks: null, corruptBlocks: null, underReplicated: null }, { source: 'jmx-dwh', kind: 'hdfs-jmx' })], LIMITS, NOW)).toBe(
      'dwh: missing blocks unknown: jmx-dwh does not say (fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans), ' +
        'corrupt blocks unknown: jmx-dwh does not say (fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans), ' +
        'under-replicated blocks unknown: jmx-dwh does not say (fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans)',
    );
    expect(checkHdfsHealthy('dwh', [facts({ missingBlocks: null })], LIMITS, NOW)).toBe('dwh: missing blocks unknown: hdfs-dwh does not say (its summary has no "Missing blocks:" line)');
    expect(checkHdfsHealthy('dwh', [facts({ safeMode: null }, { kind: 'hdfs-jmx' })], LIMITS, NOW)).toBe(
      'dwh: safe mode unknown: hdfs-dwh does not say (fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans)',
    );
    expect(checkHdfsHealthy('dwh', [facts({ underReplicated: 5, blocksTotal: null, replicas: null })], LIMITS, NOW)).toBe(
      'dwh: 5 under-replicated blocks and no block total to compare them with: hdfs-dwh gives neither a block total nor the DataNodes\' block counts ' +
        '(hdfs max_under_replicated_percent needs one; set max_under_replicated instead, or fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans)',
    );
  });

  it('with two sources, the worst decides and each problem names the sources that report it', () => {
    const report = facts({ missingBlocks: 12 });
    const jmx = facts({ missingBlocks: 12, safeMode: 1 }, { source: 'jmx-dwh', kind: 'hdfs-jmx' });
    expect(checkHdfsHealthy('dwh', [jmx, report], LIMITS, NOW)).toBe('dwh: 12 missing blocks (hdfs-dwh, jmx-dwh), NameNode in safe mode (jmx-dwh)');
    expect(checkHdfsHealthy('dwh', [facts({}), facts({}, { source: 'jmx-dwh', dataTime: NOW - 7200 })], LIMITS, NOW)).toBe('dwh: health from jmx-dwh is 2h old (hdfs max_age 1h)');
  });
});
