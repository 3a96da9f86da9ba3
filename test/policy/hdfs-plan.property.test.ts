import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HdfsConfig, InvariantName } from '../../src/config/schema.js';
import type { NodeCost } from '../../src/invariants/hdfs-capacity.js';
import type { HdfsHealthFacts, HealthNumbers } from '../../src/invariants/hdfs-healthy.js';
import type { HdfsPlanFacts } from '../../src/policy/hdfs-rules.js';
import { planAction, type CandidateHost } from '../../src/policy/plan-action.js';
import { recheckPlan } from '../../src/policy/recheck.js';
import { buildFleet, fixtureRng, fleetParamsArb, type Fleet } from './fleet-arbitrary.js';
import { expectSafe } from './oracle.js';

/**
 * hdfs-healthy and hdfs-capacity over random fleets with random HDFS
 * health: no plan ever drains a cluster with missing blocks, corrupt
 * blocks, in safe mode, or with stale or missing health; the capacity rule
 * never leaves fewer than replication + spare live in-service DataNodes or
 * less than min_free_percent free (checked by arithmetic of the test's
 * own); and a cluster's health never changes another cluster's plan. The
 * same holds for a plan file re-checked at act time.
 */

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 1000);
const NOW = 1_800_000_000;
const TB = 1_000_000_000_000;

const SCENARIOS = ['healthy', 'healthy', 'healthy', 'missing', 'corrupt', 'safe-mode', 'stale', 'none', 'failed', 'under-replicated', 'tight'] as const;
type Scenario = (typeof SCENARIOS)[number];

const hdfsArb = fc.record({
  scenarios: fc.array(fc.constantFrom(...SCENARIOS), { minLength: 6, maxLength: 6 }),
  twoSources: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  replication: fc.integer({ min: 1, max: 5 }),
  spare: fc.integer({ min: 0, max: 3 }),
  minFree: fc.constantFrom(0, 5, 10, 25, 40, 12.5),
  liveShare: fc.constantFrom(1, 0.9, 0.5, 0.1),
  unknownShare: fc.constantFrom(0, 0, 0.1),
  pendingTb: fc.constantFrom(0, 0, 5, 50),
  which: fc.constantFrom<readonly InvariantName[]>(['hdfs-healthy', 'hdfs-capacity'], ['hdfs-healthy'], ['hdfs-capacity']),
  mix: fc.integer({ min: 0, max: 0xffffffff }),
});
type HdfsParams = typeof hdfsArb extends fc.Arbitrary<infer T> ? T : never;

interface HdfsFleet {
  readonly input: Fleet & { readonly hdfs: HdfsPlanFacts };
  readonly scenario: ReadonlyMap<string, Scenario>;
}

/** Health, totals and node costs for each cluster of a random fleet. */
function withHdfs(fleet: Fleet, p: HdfsParams): HdfsFleet {
  const rng = fixtureRng(p.mix);
  const health = new Map<string, HdfsHealthFacts[]>();
  const nodes = new Map<string, Map<string, NodeCost>>();
  const pending = new Map<string, number>();
  const scenario = new Map<string, Scenario>();
  [...fleet.population.keys()].forEach((cluster, ci) => {
    const s = p.scenarios[ci % p.scenarios.length]!;
    scenario.set(cluster, s);
    const costs = new Map<string, NodeCost>();
    let live = 0;
    let capacity = 0;
    let remaining = 0;
    for (const h of fleet.population.get(cluster) as ReadonlySet<string>) {
      if (rng.chance(p.unknownShare)) continue;
      const cap = rng.int(1, 10) * TB;
      const used = Math.floor(cap * rng.int(10, 95) / 100);
      const cost: NodeCost = { liveInService: rng.chance(p.liveShare), capacity: cap, dfsUsed: used, remaining: cap - used };
      costs.set(h, cost);
      if (cost.liveInService) {
        live++;
        capacity += cap;
        remaining += cap - used;
      }
    }
    nodes.set(cluster, costs);
    pending.set(cluster, p.pendingTb * TB);
    const base: HealthNumbers = {
      safeMode: s === 'safe-mode' ? 1 : 0,
      haState: null,
      capacity,
      remaining: s === 'tight' ? Math.floor(capacity * (p.minFree + rng.int(0, 3)) / 100) : remaining,
      underReplicated: s === 'under-replicated' ? 500_000 : rng.int(0, 50),
      corruptBlocks: s === 'corrupt' ? rng.int(1, 9) : 0,
      missingBlocks: s === 'missing' ? rng.int(1, 99) : 0,
      blocksTotal: 1_000_000,
      replicas: 3_000_000,
      liveInService: s === 'tight' ? Math.min(live, p.replication + p.spare + rng.int(0, 2)) : live,
    };
    const fact = (source: string, over: Partial<HealthNumbers> = {}): HdfsHealthFacts => ({
      source,
      kind: 'hdfs-report',
      dataTime: s === 'stale' ? NOW - 7201 : NOW - rng.int(0, 3000),
      lastImportFailed: s === 'failed',
      health: { ...base, ...over },
    });
    if (s === 'none') return;
    // A second source that disagrees: fewer live nodes, or less free.
    const list = [fact(`hdfs-${cluster}`)];
    if (p.twoSources[ci % 6]) list.push(fact(`jmx-${cluster}`, rng.chance(0.5) ? { liveInService: Math.max(0, base.liveInService! - 2) } : { remaining: Math.floor(base.remaining! * 0.8) }));
    health.set(cluster, list);
  });
  const config: HdfsConfig = { replication: p.replication, spare: p.spare, min_free_percent: p.minFree, clusters: {} };
  const invariants = [...fleet.action.invariants.filter((i) => i !== 'hdfs-healthy' && i !== 'hdfs-capacity'), ...p.which];
  return {
    input: { ...fleet, action: { ...fleet.action, invariants }, hdfs: { now: NOW, config, health, pendingDecommission: pending, nodes } },
    scenario,
  };
}

const hdfsFleetArb = fc.tuple(fleetParamsArb, hdfsArb).map(([fp, hp]) => withHdfs(buildFleet(fp), hp));

/**
 * The test's own reading of hdfs-capacity: for each source of the cluster,
 * the hosts taken out (out hosts and picks) that HDFS has live in service
 * leave at least replication + spare of them, and min_free_percent free —
 * unless no such host was taken at all (a plan of dead nodes costs nothing).
 */
function expectCapacityHolds(input: HdfsFleet['input'], cluster: string, taken: readonly string[]): void {
  const hdfs = input.hdfs;
  const costs = hdfs.nodes.get(cluster) ?? new Map<string, NodeCost>();
  const outNames = new Set(input.out.filter((o) => o.cluster === cluster || ((o.cluster ?? '') === '' && input.population.get(cluster)?.has(o.hostname))).map((o) => o.hostname));
  const removed = [...new Set([...outNames, ...taken])].map((h) => costs.get(h)).filter((c): c is NodeCost => c?.liveInService === true);
  const pickedCostly = taken.some((h) => costs.get(h)?.liveInService === true);
  if (!pickedCostly) return;
  const need = (hdfs.config.replication ?? 3) + (hdfs.config.spare ?? 0);
  for (const f of hdfs.health.get(cluster) ?? []) {
    const h = f.health!;
    const live = h.liveInService! - removed.length;
    expect(live, `${cluster} by ${f.source}: live in service after`).toBeGreaterThanOrEqual(need);
    const capacity = h.capacity! - removed.reduce((n, c) => n + c.capacity, 0);
    const remaining = h.remaining! - (hdfs.pendingDecommission.get(cluster) ?? 0) - removed.reduce((n, c) => n + c.remaining + c.dfsUsed, 0);
    // remaining / capacity >= min%, in whole bytes with a margin for the float of percentOf
    expect(remaining * 100 - (hdfs.config.min_free_percent ?? 10) * capacity, `${cluster} by ${f.source}: free after`).toBeGreaterThanOrEqual(-1e-6 * capacity);
  }
}

function pickedIn(picked: readonly CandidateHost[], cluster: string): string[] {
  return picked.filter((h) => h.cluster === cluster).map((h) => h.hostname);
}

describe('hdfs-healthy and hdfs-capacity over random fleets', () => {
  it('never drains a cluster with missing or corrupt blocks, in safe mode, over its under-replication limit, or whose health is stale, failed or missing', () => {
    fc.assert(
      fc.property(hdfsFleetArb, ({ input, scenario }) => {
        const plan = planAction(input);
        expectSafe(input, plan.picked);
        if (!input.action.invariants.includes('hdfs-healthy')) return;
        for (const c of plan.clusters) {
          const s = scenario.get(c.cluster);
          if (s === undefined || s === 'healthy' || s === 'tight') continue;
          expect(c.picked, `${c.cluster} (${s})`).toEqual([]);
          if (c.candidates > 0 && input.globalFailures.length === 0 && c.reason!.startsWith('invariant ') && !c.reason!.startsWith('invariant candidates-sane')) {
            expect(c.reason).toMatch(new RegExp(`^invariant hdfs-(healthy|capacity) failed: ${c.cluster}: `));
          }
          expect(c.reason).toMatch(/\S/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never leaves fewer than replication + spare live in-service DataNodes, or less than min_free_percent free, by any source', () => {
    fc.assert(
      fc.property(hdfsFleetArb, ({ input }) => {
        const plan = planAction(input);
        if (!input.action.invariants.includes('hdfs-capacity')) return;
        for (const c of plan.clusters) {
          const picked = pickedIn(plan.picked, c.cluster);
          if (picked.length === 0) continue;
          // Every pick is a host the cluster's HDFS lists, and the fresh health of every source was usable.
          for (const h of picked) expect(input.hdfs.nodes.get(c.cluster)?.has(h), h).toBe(true);
          expectCapacityHolds(input, c.cluster, picked);
          expect(c.hdfs?.capacity?.after.live).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets one cluster\'s health or capacity change another cluster\'s plan', () => {
    fc.assert(
      fc.property(hdfsFleetArb, fc.nat(), fc.constantFrom('missing', 'safe-mode', 'stale', 'none', 'full', 'no-nodes'), ({ input }, pick, change) => {
        const clusters = [...input.population.keys()];
        const victim = clusters[pick % clusters.length]!;
        const health = new Map(input.hdfs.health);
        const nodes = new Map(input.hdfs.nodes);
        const facts = health.get(victim) ?? [];
        if (change === 'none') health.delete(victim);
        else if (change === 'no-nodes') nodes.delete(victim);
        else {
          health.set(
            victim,
            facts.map((f) => ({
              ...f,
              dataTime: change === 'stale' ? NOW - 99_999 : f.dataTime,
              health: f.health && {
                ...f.health,
                missingBlocks: change === 'missing' ? 7 : f.health.missingBlocks,
                safeMode: change === 'safe-mode' ? 1 : f.health.safeMode,
                remaining: change === 'full' ? 0 : f.health.remaining,
              },
            })),
          );
        }
        const before = planAction(input);
        const after = planAction({ ...input, hdfs: { ...input.hdfs, health, nodes } });
        for (const c of before.clusters) {
          if (c.cluster === victim) continue;
          expect(after.clusters.find((x) => x.cluster === c.cluster), c.cluster).toEqual(c);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('a plan file re-checked at act time (edited by hand, any hosts in any order) is held to the same rules', () => {
    fc.assert(
      fc.property(hdfsFleetArb, fc.integer(), ({ input, scenario }, order) => {
        const rng = fixtureRng(order);
        const all = [...input.population].flatMap(([cluster, hosts]) => [...hosts].map((hostname) => ({ hostname, cluster })));
        const lines = all.filter(() => rng.chance(0.3));
        const { accepted } = recheckPlan(input, lines);
        for (const cluster of input.population.keys()) {
          const taken = accepted.filter((h) => h.cluster === cluster).map((h) => h.hostname);
          if (taken.length === 0) continue;
          if (input.action.invariants.includes('hdfs-healthy')) expect(['healthy', 'tight']).toContain(scenario.get(cluster));
          if (input.action.invariants.includes('hdfs-capacity')) expectCapacityHolds(input, cluster, taken);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
