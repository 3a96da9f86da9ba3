import { describe, expect, it } from 'vitest';
import { capacityBaseline, capacityRefusal, tightest, without, type NodeCost } from '../../src/invariants/hdfs-capacity.js';
import type { HdfsHealthFacts, HealthNumbers } from '../../src/invariants/hdfs-healthy.js';
import { hdfsLimitsOf } from '../../src/invariants/hdfs-limits.js';

const NOW = 1_800_000_000;
const TB = 1e12;
const LIMITS = hdfsLimitsOf({ clusters: {} }, 'etl'); // replication 3, spare 0, min_free 10%

const health = (h: Partial<HealthNumbers>): HealthNumbers => ({
  safeMode: 0,
  haState: null,
  capacity: 100 * TB,
  remaining: 30 * TB,
  underReplicated: 0,
  corruptBlocks: 0,
  missingBlocks: 0,
  blocksTotal: 1000,
  replicas: 3000,
  liveInService: 10,
  ...h,
});
const facts = (h: Partial<HealthNumbers>, over: Partial<HdfsHealthFacts> = {}): HdfsHealthFacts => ({
  source: 'hdfs-etl',
  kind: 'hdfs-report',
  dataTime: NOW,
  lastImportFailed: false,
  health: health(h),
  ...over,
});
const node = (capacity: number, dfsUsed: number, remaining: number): NodeCost => ({ liveInService: true, capacity: capacity * TB, dfsUsed: dfsUsed * TB, remaining: remaining * TB });

function baseline(f: readonly HdfsHealthFacts[], pending = 0) {
  const b = capacityBaseline('etl', f, LIMITS, NOW, pending);
  if (!b.ok) throw new Error(b.failure);
  return b.baseline;
}

describe('hdfs-capacity', () => {
  it('takes a drained node\'s capacity away and re-replicates its data onto the rest', () => {
    const b = baseline([facts({})]);
    const after = without(b.state, node(10, 7, 3));
    expect(after).toEqual([{ source: 'hdfs-etl', live: 9, capacity: 90 * TB, remaining: 20 * TB }]);
    expect(capacityRefusal(after, LIMITS)).toBeNull(); // 20/90 = 22% free
  });

  it('costs nothing for a node that is not live in service (dead, already decommissioning)', () => {
    const b = baseline([facts({})]);
    expect(without(b.state, { ...node(10, 7, 3), liveInService: false })).toBe(b.state);
    expect(without(b.state, undefined)).toBe(b.state);
  });

  it('refuses leaving fewer live in-service DataNodes than replication + spare', () => {
    const b = baseline([facts({ liveInService: 4, capacity: 40 * TB, remaining: 30 * TB })]);
    const three = without(b.state, node(10, 1, 9));
    expect(capacityRefusal(three, LIMITS)).toBeNull();
    expect(capacityRefusal(without(three, node(10, 1, 9)), LIMITS)).toBe('would leave 2 live in-service DataNodes (replication 3 + spare 0 = 3)');
    const spare = hdfsLimitsOf({ spare: 1, clusters: {} }, 'etl');
    expect(capacityRefusal(three, spare)).toBe('would leave 3 live in-service DataNodes (replication 3 + spare 1 = 4)');
  });

  it('refuses leaving less than min_free_percent of DFS capacity free; exactly at it passes', () => {
    const b = baseline([facts({ capacity: 100 * TB, remaining: 20 * TB })]);
    // 20 - (2 + 7) = 11 of 90: 12.2% free
    expect(capacityRefusal(without(b.state, node(10, 7, 2)), LIMITS)).toBeNull();
    // exactly 10%: 19 - 10 = 9 of 90
    const exact = baseline([facts({ capacity: 100 * TB, remaining: 19 * TB })]);
    expect(capacityRefusal(without(exact.state, node(10, 8, 2)), LIMITS)).toBeNull();
    expect(capacityRefusal(without(exact.state, node(10, 8.1, 2)), LIMITS)).toBe('would leave 9.9% of DFS capacity free (min 10%)');
  });

  it('takes off what the DataNodes being decommissioned still have to copy', () => {
    const b = baseline([facts({ capacity: 100 * TB, remaining: 20 * TB })], 9 * TB);
    expect(b.state[0]!.remaining).toBe(11 * TB);
    expect(capacityRefusal(b.state, LIMITS)).toBeNull();
    expect(capacityRefusal(without(b.state, node(10, 1, 1)), LIMITS)).toBeNull(); // 9 of 90: exactly 10%
    expect(capacityRefusal(without(b.state, node(10, 1, 2)), LIMITS)).toBe('would leave 9% of DFS capacity free (min 10%)'); // 8 of 90
  });

  it('holds every source to the rule, and reports the tightest', () => {
    const b = baseline([facts({ liveInService: 10, remaining: 50 * TB }), facts({ liveInService: 12, remaining: 12 * TB }, { source: 'jmx-etl', kind: 'hdfs-jmx' })]);
    const after = without(b.state, node(5, 2, 1));
    expect(capacityRefusal(after, LIMITS)).toBe('would leave 9% of DFS capacity free (min 10%) by jmx-etl');
    expect(tightest(after).source).toBe('hdfs-etl'); // fewer live nodes first
  });

  it('fails closed: no source, stale health, a total the source does not give', () => {
    const fail = (f: readonly HdfsHealthFacts[]) => {
      const b = capacityBaseline('etl', f, LIMITS, NOW, 0);
      return b.ok ? null : b.failure;
    };
    expect(fail([])).toBe('etl: no HDFS health: no hdfs-report or hdfs-jmx source has cluster etl');
    expect(fail([facts({}, { dataTime: NOW - 7200 })])).toBe('etl: health from hdfs-etl is 2h old (hdfs max_age 1h)');
    expect(fail([facts({ liveInService: null, remaining: null })])).toBe("etl: hdfs-etl does not give the cluster's DFS remaining, live in-service DataNodes");
  });
});
