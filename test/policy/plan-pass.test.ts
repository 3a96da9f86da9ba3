import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutHost, PlanInput } from '../../src/policy/plan-action.js';
import { planPass } from '../../src/policy/plan-pass.js';
import { buildFleet, fixtureRng, fleetParamsArb, type Fleet } from './fleet-arbitrary.js';
import { expectSafe, oracleBudget, oracleHeadroom, oracleOut } from './oracle.js';

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 2000);

/** Later actions of a pass: their own candidates (overlapping the first's), settings, in-progress view, sometimes their own population. */
const laterActionArb = fc.record({
  keep: fc.constantFrom(0, 0.3, 0.7, 1),
  extra: fc.constantFrom(0, 0.05, 0.3),
  maxGroups: fc.integer({ min: 1, max: 3 }),
  maxPerPass: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  grouped: fc.boolean(),
  dropOut: fc.constantFrom(0, 0.5),
  ownPopulation: fc.boolean(),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
});

function laterAction(base: Fleet, v: typeof laterActionArb extends fc.Arbitrary<infer T> ? T : never, i: number): PlanInput {
  const rng = fixtureRng(v.seed);
  const candidates = base.candidates.filter(() => rng.chance(v.keep));
  for (const [cluster, hosts] of base.population) {
    for (const hostname of hosts) if (rng.chance(v.extra)) candidates.push({ hostname, cluster, spread: `r${rng.int(1, 4)}`, group: `g${rng.int(1, 4)}` });
  }
  const population = v.ownPopulation ? new Map([...base.population].map(([c, hosts]) => [c, new Set([...hosts].filter(() => rng.chance(0.8)))])) : base.population;
  return {
    ...base,
    action: {
      name: `action${i}`,
      maxGroups: v.maxGroups,
      ...(v.maxPerPass !== undefined ? { maxPerPass: v.maxPerPass } : {}),
      ...(v.grouped ? { groupColumn: 'data_group' } : {}),
      ...(base.action.spreadColumn !== undefined ? { spreadColumn: base.action.spreadColumn } : {}),
      invariants: base.action.invariants,
    },
    population,
    candidates,
    out: base.out.filter(() => !rng.chance(v.dropOut)),
    seed: v.seed,
  };
}

describe('planPass over random fleets', () => {
  it('7. shares each cluster budget: every action stays within its own headroom counting earlier picks as out, and no host is planned twice', () => {
    fc.assert(
      fc.property(fleetParamsArb, fc.array(laterActionArb, { minLength: 1, maxLength: 3 }), (params, later) => {
        const first = buildFleet(params);
        const inputs = [first, ...later.map((v, i) => laterAction(first, v, i + 1))];
        const plans = planPass(inputs);
        expect(plans.map((p) => p.action)).toEqual(inputs.map((i) => i.action.name));
        const earlier: OutHost[] = [];
        const taken = new Set<string>();
        inputs.forEach((input, k) => {
          const seenBy: PlanInput = { ...input, out: [...input.out, ...earlier] };
          expectSafe(seenBy, plans[k]!.picked);
          for (const c of plans[k]!.clusters) {
            expect(c.picked.length).toBeLessThanOrEqual(oracleHeadroom(seenBy, c.cluster));
            expect(c.out).toBe(oracleOut(seenBy, c.cluster).size);
          }
          for (const h of plans[k]!.picked) {
            expect(taken.has(h.hostname), `${h.hostname} planned by two actions`).toBe(false);
            taken.add(h.hostname);
            earlier.push({ hostname: h.hostname, cluster: h.cluster!, group: h.group, why: 'planned' });
          }
        });
        // When the actions share population and in-progress view, the whole pass fits in each cluster's one budget.
        const shared = inputs.filter((i) => i.population === first.population && i.out.length === first.out.length);
        const sharedPicks = plans.filter((_, k) => shared.includes(inputs[k]!)).flatMap((p) => p.picked);
        for (const cluster of first.population.keys()) {
          const picks = sharedPicks.filter((h) => h.cluster === cluster).length;
          if (picks > 0) expect(oracleOut(first, cluster).size + picks).toBeLessThanOrEqual(oracleBudget(first, cluster));
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('planPass', () => {
  const name = (i: number) => `dn${String(i).padStart(3, '0')}.example.com`;
  const base: PlanInput = {
    action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', invariants: [] },
    policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [], candidatesPercent: 25 },
    classify: new Map(),
    population: new Map([['dwh', new Set(Array.from({ length: 100 }, (_, i) => name(i)))]]),
    candidates: Array.from({ length: 10 }, (_, i) => ({ hostname: name(i), cluster: 'dwh', spread: `r${i % 3}`, group: 'g1' })),
    out: [],
    denied: new Map(),
    hostFailures: new Map(),
    globalFailures: [],
    seed: 7,
  };

  it('shares the budget: hosts planned by drain count as out for rekick', () => {
    const rekick: PlanInput = { ...base, action: { ...base.action, name: 'rekick' }, candidates: [{ hostname: name(50), cluster: 'dwh', spread: 'r1', group: 'g1' }] };
    const [drain, second] = planPass([base, rekick]);
    expect(drain!.picked).toHaveLength(6);
    expect(second!.clusters[0]).toMatchObject({ out: 6, headroom: 0, reason: 'budget used: 6 of 6 out' });
    expect(second!.clusters[0]!.outHosts.every((o) => o.why === 'planned' && o.detail === 'planned by drain this pass')).toBe(true);
  });

  it('never plans a host twice: one drain picked is already out for the next action', () => {
    const small: PlanInput = { ...base, action: { ...base.action, maxPerPass: 2 } };
    const [a, b] = planPass([small, { ...small, action: { ...small.action, name: 'rekick' } }]);
    const first = new Set(a!.picked.map((h) => h.hostname));
    expect(b!.picked.some((h) => first.has(h.hostname))).toBe(false);
    expect(b!.clusters[0]!.removed.filter((r) => r.reason === 'already out: planned by drain this pass')).toHaveLength(2);
  });
});
