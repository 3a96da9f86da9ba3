import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvariantName } from '../../src/config/schema.js';
import { clusterBudget, headroom } from '../../src/policy/budget.js';
import { planAction, type ActionPlan, type CandidateHost, type OutHost, type PlanInput } from '../../src/policy/plan-action.js';
import { planPass } from '../../src/policy/plan-pass.js';
import { recheckPlan } from '../../src/policy/recheck.js';
import { shuffle, seededRng } from '../../src/policy/rng.js';

/**
 * Random fleets, policies, in-progress sets and seeds: the safety properties
 * of the planner hold for every one of them.
 */

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 1500);

interface Fleet {
  input: PlanInput;
}

const clusterNames = ['dwh', 'archive', 'etl', 'cache-prod', 'ml', 'logs'];

const fleetArb: fc.Arbitrary<Fleet> = fc
  .record({
    clusterCount: fc.integer({ min: 1, max: 6 }),
    sizes: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 6, maxLength: 6 }),
    racks: fc.integer({ min: 1, max: 12 }),
    groups: fc.integer({ min: 1, max: 6 }),
    nullGroupEvery: fc.integer({ min: 0, max: 20 }),
    nullRackEvery: fc.integer({ min: 0, max: 30 }),
    candidateShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    outShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    unknownShare: fc.double({ min: 0, max: 0.05, noNaN: true }),
    denyShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    failShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    percent: fc.integer({ min: 0, max: 30 }),
    floor: fc.integer({ min: 0, max: 3 }),
    ceiling: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    overrideMax: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    classifyUnknown: fc.boolean(),
    maxGroups: fc.integer({ min: 1, max: 3 }),
    maxPerPass: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    grouped: fc.boolean(),
    sane: fc.boolean(),
    globalFailure: fc.boolean(),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    mix: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .map((p) => {
    const rng = seededRng(p.mix);
    const chance = (share: number) => rng.int(0, 9999) < share * 10000;
    const population = new Map<string, Set<string>>();
    const candidates: CandidateHost[] = [];
    const out: OutHost[] = [];
    const denied = new Map<string, string>();
    const hostFailures = new Map<string, string[]>();
    for (let c = 0; c < p.clusterCount; c++) {
      const cluster = clusterNames[c]!;
      const hosts = new Set<string>();
      for (let i = 0; i < p.sizes[c]!; i++) {
        const hostname = `${cluster}-${i}.example.com`;
        hosts.add(hostname);
        const group = p.nullGroupEvery > 0 && i % p.nullGroupEvery === 0 ? null : `g${rng.int(1, p.groups)}`;
        const spread = p.nullRackEvery > 0 && i % p.nullRackEvery === 0 ? null : `r${rng.int(1, p.racks)}`;
        if (chance(p.outShare)) out.push({ hostname, cluster, group, why: 'in-progress' });
        else if (chance(p.unknownShare)) out.push({ hostname, cluster, group, why: 'unknown-outcome' });
        if (chance(p.candidateShare)) candidates.push({ hostname, cluster, spread, group });
        if (chance(p.denyShare)) denied.set(hostname, 'denied by never-touch');
        if (chance(p.failShare)) hostFailures.set(hostname, ['hdfs-in-service: dwh says decommissioning']);
      }
      population.set(cluster, hosts);
    }
    // Some candidates outside any population, and with no cluster at all.
    candidates.push({ hostname: 'stray.example.com', cluster: 'dwh', spread: 'r1', group: 'g1' });
    candidates.push({ hostname: 'nocluster.example.com', cluster: null, spread: 'r1', group: 'g1' });
    const invariants: InvariantName[] = p.sane ? ['candidates-sane'] : [];
    const input: PlanInput = {
      action: {
        name: 'drain',
        maxGroups: p.maxGroups,
        ...(p.maxPerPass !== undefined ? { maxPerPass: p.maxPerPass } : {}),
        ...(p.grouped ? { groupColumn: 'data_group' } : {}),
        spreadColumn: 'rack',
        invariants,
      },
      policy: {
        archetypes: { default: { percent: p.percent, floor: p.floor, ...(p.ceiling !== undefined ? { ceiling: p.ceiling } : {}) }, dense: { percent: 8, floor: 1 } },
        overrides: p.overrideMax !== undefined ? [{ cluster: 'cache-prod', max: p.overrideMax, reason: 'production critical' }] : [],
        candidatesPercent: 25,
      },
      classify: new Map([
        ['archive', 'dense'],
        ...(p.classifyUnknown ? ([['etl', 'no-such-archetype']] as [string, string][]) : []),
      ]),
      population,
      candidates,
      out,
      denied,
      hostFailures,
      globalFailures: p.globalFailure ? ['invariant inputs-fresh failed: inventory is 3h old (max_age 2h)'] : [],
      seed: p.seed,
    };
    return { input };
  });

function expectedBudget(input: PlanInput, cluster: string): number {
  const override = input.policy.overrides.find((o) => o.cluster === cluster);
  const name = input.classify.get(cluster) ?? 'default';
  const limits = input.policy.archetypes[name];
  if (override) return override.max;
  if (!limits) return 0;
  return clusterBudget(input.population.get(cluster)?.size ?? 0, limits).budget;
}

function distinctOut(input: PlanInput, cluster: string): OutHost[] {
  const m = new Map<string, OutHost>();
  for (const o of input.out) if (o.cluster === cluster && !m.has(o.hostname)) m.set(o.hostname, o);
  return [...m.values()];
}

/** The safety properties every plan (or accepted set) must have, whatever the input. */
function checkSafety(input: PlanInput, picked: readonly CandidateHost[]): void {
  const byCluster = new Map<string, CandidateHost[]>();
  for (const h of picked) {
    expect(h.cluster).not.toBeNull();
    byCluster.set(h.cluster!, [...(byCluster.get(h.cluster!) ?? []), h]);
  }
  expect(new Set(picked.map((h) => h.hostname)).size).toBe(picked.length);
  if (input.globalFailures.length > 0) expect(picked).toEqual([]);
  const outHosts = new Set(input.out.map((o) => o.hostname));
  for (const [cluster, hosts] of byCluster) {
    const out = distinctOut(input, cluster);
    const budget = expectedBudget(input, cluster);
    // 1. never beyond headroom or budget
    expect(hosts.length).toBeLessThanOrEqual(headroom(budget, out.length, input.action.maxPerPass));
    expect(out.length + hosts.length).toBeLessThanOrEqual(Math.max(budget, out.length));
    // 2. the group rule
    if (input.action.groupColumn !== undefined) {
      const outGroups = new Set(out.map((o) => o.group).filter((g): g is string => g !== null));
      for (const h of hosts) expect(h.group).not.toBeNull();
      const all = new Set([...outGroups, ...hosts.map((h) => h.group!)]);
      if (outGroups.size >= input.action.maxGroups) {
        for (const h of hosts) expect(outGroups.has(h.group!)).toBe(true);
      } else {
        expect(all.size).toBeLessThanOrEqual(input.action.maxGroups);
      }
    }
    // 3. never denied, failing, out, or outside the population
    for (const h of hosts) {
      expect(input.denied.has(h.hostname)).toBe(false);
      expect(input.hostFailures.has(h.hostname)).toBe(false);
      expect(outHosts.has(h.hostname)).toBe(false);
      expect(input.population.get(cluster)?.has(h.hostname)).toBe(true);
    }
  }
}

describe('planAction over random fleets', () => {
  it('never exceeds headroom, never breaks the group rule, never picks a denied, failing, out or foreign host', () => {
    fc.assert(
      fc.property(fleetArb, ({ input }) => {
        const plan = planAction(input);
        checkSafety(input, plan.picked);
        for (const c of plan.clusters) {
          expect(c.picked.length).toBeLessThanOrEqual(c.headroom);
          if (c.picked.length === 0) expect(c.reason).toBeTruthy();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same plan for the same seed whatever the input order', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), ({ input }, shuffleSeed) => {
        const rng = seededRng(shuffleSeed);
        const shuffled: PlanInput = { ...input, candidates: shuffle(input.candidates, rng), out: shuffle(input.out, rng) };
        expect(planAction(shuffled)).toEqual(planAction(input));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('spreads over racks: no rack gets a second host while another rack with an eligible candidate has none', () => {
    fc.assert(
      fc.property(fleetArb, ({ input }) => {
        const plan = planAction(input);
        for (const c of plan.clusters) {
          if (c.picked.length === 0) continue;
          const pickedPerRack = new Map<string, number>();
          for (const h of c.picked) pickedPerRack.set(h.spread ?? '\0', (pickedPerRack.get(h.spread ?? '\0') ?? 0) + 1);
          if (![...pickedPerRack.values()].some((n) => n > 1)) continue;
          // Eligible under the final set of groups: not removed, and in a group the plan could use.
          const removed = new Set(c.removed.map((r) => r.hostname));
          const finalGroups = new Set(c.groups);
          const groupsFull = finalGroups.size >= input.action.maxGroups;
          const eligible = input.candidates.filter(
            (h) =>
              h.cluster === c.cluster &&
              !removed.has(h.hostname) &&
              (input.action.groupColumn === undefined || (h.group !== null && (!groupsFull || finalGroups.has(h.group)))),
          );
          for (const h of eligible) expect(pickedPerRack.get(h.spread ?? '\0') ?? 0).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives an empty plan with a reason for no candidates, zero headroom, or a failed global invariant', () => {
    fc.assert(
      fc.property(fleetArb, fc.constantFrom('none', 'zero', 'global'), ({ input }, kind) => {
        const variant: PlanInput =
          kind === 'none'
            ? { ...input, candidates: [] }
            : kind === 'zero'
              ? { ...input, action: { ...input.action, maxPerPass: 0 } }
              : { ...input, globalFailures: ['invariant inputs-not-shrunk failed: excluded fell from 1000 to 850 rows (-15%, max -10%)'] };
        const plan: ActionPlan = planAction(variant);
        expect(plan.picked).toEqual([]);
        for (const c of plan.clusters) expect(c.reason).toMatch(/./);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

describe('planPass over random fleets', () => {
  it('shares each cluster budget across actions: later actions count earlier picks as out', () => {
    fc.assert(
      fc.property(fleetArb, fleetArb, ({ input: a }, { input: b }) => {
        const second: PlanInput = { ...a, action: { ...a.action, name: 'rekick' }, candidates: b.candidates.filter((c) => c.cluster === null || a.population.has(c.cluster)), seed: b.seed };
        const [p1, p2] = planPass([a, second]);
        checkSafety(a, p1!.picked);
        const out2 = [...second.out, ...p1!.picked.map((h) => ({ hostname: h.hostname, cluster: h.cluster!, group: h.group, why: 'planned' as const }))];
        checkSafety({ ...second, out: out2 }, p2!.picked);
        const first = new Set(p1!.picked.map((h) => h.hostname));
        for (const h of p2!.picked) expect(first.has(h.hostname)).toBe(false);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

describe('recheckPlan over random edited plans', () => {
  it('never accepts what the rules forbid, even for hosts that are not candidates at all', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), ({ input }, editSeed) => {
        const rng = seededRng(editSeed);
        const everyone = [...input.population.entries()].flatMap(([cluster, hosts]) => [...hosts].map((hostname) => ({ hostname, cluster })));
        const edited = shuffle(everyone, rng).slice(0, rng.int(0, 40));
        edited.push({ hostname: 'stray.example.com', cluster: 'dwh' });
        const { accepted, rejected } = recheckPlan(input, edited);
        checkSafety(input, accepted);
        expect(accepted.length + rejected.length).toBe(new Set(edited.map((e) => e.hostname)).size);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts an unedited plan exactly', () => {
    fc.assert(
      fc.property(fleetArb, ({ input }) => {
        const plan = planAction(input);
        const { accepted } = recheckPlan(input, plan.picked.map((h) => ({ hostname: h.hostname, cluster: h.cluster! })));
        expect(accepted.map((h) => h.hostname).sort()).toEqual(plan.picked.map((h) => h.hostname).sort());
      }),
      { numRuns: RUNS },
    );
  });
});
