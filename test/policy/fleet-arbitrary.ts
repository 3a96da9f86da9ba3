import fc from 'fast-check';
import type { InvariantName } from '../../src/config/schema.js';
import type { CandidateHost, OutHost, PlanInput } from '../../src/policy/plan-action.js';

/**
 * Random fleets for the planner's property tests: 1–6 clusters of 0–300
 * hosts with racks and replica groups (some missing), archetypes (decimal
 * percentages, floors, ceilings, some below their floor), overrides (max 0
 * included, several for one cluster), classify maps naming archetypes that do
 * not exist, in-progress hosts with groups, unknown outcomes, deny views,
 * per-host failures, global failures, max_groups 1–3, max_per_pass 0–10 or
 * none, and the messes real views produce: candidates outside the
 * population, without a cluster, listed twice (identically or not), blank
 * groups, out rows with no cluster or naming another cluster.
 *
 * fast-check draws the shape (sizes, shares, policy); a small seeded
 * generator of the test's own fills in the hosts, so a run stays fast with
 * thousands of hosts and a failure still shrinks to a small fleet.
 */

export const CLUSTER_NAMES = ['archive', 'cache-prod', 'dwh', 'etl', 'logs', 'ml'] as const;
export const DENY_REASON = 'denied by never-touch: RMA open';
export const GLOBAL_FAILURES = [
  'invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)',
  'invariant inputs-not-shrunk failed: excluded fell from 1000 to 850 rows (-15%, max -10%)',
];

/** mulberry32: the fixture's own generator, independent of the code under test. */
export function fixtureRng(seed: number): { int(from: number, to: number): number; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (from, to) => from + Math.floor(next() * (to - from + 1)), chance: (p) => next() < p };
}

const archetypeArb = fc.record(
  {
    // Basis points, so the oracle can do exact integer arithmetic: 6%, 2.5%, 0.37%...
    bp: fc.oneof(fc.integer({ min: 0, max: 30 }).map((p) => p * 100), fc.integer({ min: 0, max: 3000 })),
    floor: fc.integer({ min: 0, max: 3 }),
    ceiling: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  },
  { requiredKeys: ['bp', 'floor'] },
);

const clusterArb = fc.record({
  size: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 300 })),
  racks: fc.integer({ min: 1, max: 12 }),
  groups: fc.integer({ min: 1, max: 6 }),
  noGroup: fc.constantFrom(0, 0, 0.05, 0.3),
  noRack: fc.constantFrom(0, 0, 0.05, 0.5),
  /** 0 default (unlisted), 1 dense, 2 small, 3 an archetype the config does not define. */
  archetype: fc.constantFrom(0, 0, 1, 2, 3),
  candidates: fc.constantFrom(0, 0.02, 0.1, 0.3, 0.6),
  inProgress: fc.constantFrom(0, 0.01, 0.05, 0.2),
});

export const fleetParamsArb = fc.record({
  clusters: fc.array(clusterArb, { minLength: 1, maxLength: 6 }),
  archetypes: fc.tuple(archetypeArb, archetypeArb, archetypeArb),
  overrides: fc.array(fc.record({ cluster: fc.integer({ min: 0, max: 5 }), max: fc.integer({ min: 0, max: 5 }) }), { maxLength: 3 }),
  unknown: fc.constantFrom(0, 0, 0.02),
  deny: fc.constantFrom(0, 0.05, 0.3),
  fail: fc.constantFrom(0, 0.05, 0.3),
  maxGroups: fc.integer({ min: 1, max: 3 }),
  maxPerPass: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  grouped: fc.boolean(),
  spread: fc.boolean(),
  invariants: fc.subarray<InvariantName>(['candidates-sane', 'hdfs-in-service', 'yarn-not-running']),
  candidatesPercent: fc.constantFrom(25, 10, 50, 100, 2.5),
  globalFailures: fc.constantFrom(0, 0, 0, 0, 1, 2),
  messes: fc.boolean(),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  mix: fc.integer({ min: 0, max: 0xffffffff }),
});
export type FleetParams = typeof fleetParamsArb extends fc.Arbitrary<infer T> ? T : never;

/** A PlanInput whose populations are plain sets, so tests can list their hosts. */
export type Fleet = PlanInput & { readonly population: ReadonlyMap<string, ReadonlySet<string>> };

export function buildFleet(p: FleetParams): Fleet {
  const rng = fixtureRng(p.mix);
  const population = new Map<string, Set<string>>();
  const candidates: CandidateHost[] = [];
  const out: OutHost[] = [];
  const denied = new Map<string, string>();
  const hostFailures = new Map<string, string[]>();
  const classify = new Map<string, string>();
  const clusterNames = CLUSTER_NAMES.slice(0, p.clusters.length);
  p.clusters.forEach((c, ci) => {
    const cluster = clusterNames[ci]!;
    if (c.archetype === 1) classify.set(cluster, 'dense');
    if (c.archetype === 2) classify.set(cluster, 'small');
    if (c.archetype === 3) classify.set(cluster, 'no-such-archetype');
    const hosts = new Set<string>();
    for (let i = 0; i < c.size; i++) {
      const hostname = `${cluster}-${String(i).padStart(3, '0')}.example.com`;
      hosts.add(hostname);
      const group = rng.chance(c.noGroup) ? (rng.chance(0.5) ? null : '') : `g${rng.int(1, c.groups)}`;
      const spread = p.spread ? (rng.chance(c.noRack) ? null : `r${rng.int(1, c.racks)}`) : null;
      if (rng.chance(c.inProgress)) out.push({ hostname, cluster, group, why: 'in-progress' });
      else if (rng.chance(p.unknown)) out.push({ hostname, cluster, group, why: 'unknown-outcome', detail: `rekick outcome unknown (journal #${i})` });
      if (rng.chance(c.candidates)) candidates.push({ hostname, cluster, spread, group });
      if (rng.chance(p.deny)) denied.set(hostname, DENY_REASON);
      if (rng.chance(p.fail)) hostFailures.set(hostname, ['hdfs-in-service: dwh says decommissioning']);
    }
    population.set(cluster, hosts);
  });
  if (p.messes) {
    const first = clusterNames[0]!;
    const someHost = (ci: number) => `${clusterNames[ci % clusterNames.length]}-${String(rng.int(0, 20)).padStart(3, '0')}.example.com`;
    // Not in any population, no cluster, a cluster with no population at all.
    candidates.push({ hostname: 'stray.example.com', cluster: first, spread: 'r1', group: 'g1' });
    candidates.push({ hostname: 'nocluster.example.com', cluster: null, spread: 'r1', group: 'g1' });
    candidates.push({ hostname: 'blank-cluster.example.com', cluster: '', spread: 'r1', group: 'g1' });
    candidates.push({ hostname: 'ghost-000.example.com', cluster: 'ghost', spread: 'r1', group: 'g1' });
    // Listed twice: identically (collapses), and with different groups (contradictory: never planned).
    const twice = candidates[rng.int(0, candidates.length - 1)]!;
    candidates.push({ ...twice });
    const h = someHost(rng.int(0, 5));
    candidates.push({ hostname: h, cluster: h.slice(0, h.indexOf('-0')), spread: 'r1', group: 'g1' });
    candidates.push({ hostname: h, cluster: h.slice(0, h.indexOf('-0')), spread: 'r1', group: 'g2' });
    // Out rows: with no cluster, naming another cluster than the host's, blank group.
    out.push({ hostname: someHost(rng.int(0, 5)), cluster: '', group: 'g2', why: 'in-progress' });
    out.push({ hostname: someHost(rng.int(0, 5)), cluster: clusterNames[rng.int(0, clusterNames.length - 1)]!, group: '', why: 'in-progress' });
  }
  const [d, dense, small] = p.archetypes;
  const limits = (a: typeof d) => ({ percent: a.bp / 100, floor: a.floor, ...(a.ceiling !== undefined ? { ceiling: a.ceiling } : {}) });
  return {
    action: {
      name: 'drain',
      maxGroups: p.maxGroups,
      ...(p.maxPerPass !== undefined ? { maxPerPass: p.maxPerPass } : {}),
      ...(p.grouped ? { groupColumn: 'data_group' } : {}),
      ...(p.spread ? { spreadColumn: 'rack' } : {}),
      invariants: p.invariants,
    },
    policy: {
      archetypes: { default: limits(d), dense: limits(dense), small: limits(small) },
      overrides: p.overrides.map((o) => ({ cluster: CLUSTER_NAMES[o.cluster]!, max: o.max, reason: `pinned to ${o.max}` })),
      candidatesPercent: p.candidatesPercent,
    },
    classify,
    population,
    candidates,
    out,
    denied,
    hostFailures,
    globalFailures: GLOBAL_FAILURES.slice(0, p.globalFailures),
    seed: p.seed,
  };
}

export const fleetArb: fc.Arbitrary<Fleet> = fleetParamsArb.map(buildFleet);
