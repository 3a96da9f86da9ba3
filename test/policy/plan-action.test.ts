import { describe, expect, it } from 'vitest';
import { planAction, type CandidateHost, type OutHost, type PlanInput } from '../../src/policy/plan-action.js';

const name = (i: number) => `dn${String(i).padStart(3, '0')}.example.com`;
const host = (i: number, over: Partial<CandidateHost> = {}): CandidateHost => ({ hostname: name(i), cluster: 'dwh', spread: `r${i % 4}`, group: `g${i % 2}`, ...over });
const out = (i: number, over: Partial<OutHost> = {}): OutHost => ({ hostname: name(i), cluster: 'dwh', group: `g${i % 2}`, why: 'in-progress', ...over });

/** A 100-host cluster dwh (6% = budget 6), five odd-numbered candidates: r1/r3, all in g1. */
function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', spreadColumn: 'rack', invariants: [] },
    policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [], candidatesPercent: 25 },
    classify: new Map(),
    population: new Map([['dwh', new Set(Array.from({ length: 100 }, (_, i) => name(i)))]]),
    candidates: [host(1), host(3), host(5), host(7), host(9)],
    out: [],
    denied: new Map(),
    hostFailures: new Map(),
    globalFailures: [],
    seed: 42,
    ...over,
  };
}

const dwh = (p: ReturnType<typeof planAction>) => p.clusters.find((c) => c.cluster === 'dwh')!;

describe('planAction', () => {
  it('picks within the budget and records the budget arithmetic', () => {
    const plan = planAction(input());
    expect(dwh(plan)).toMatchObject({ archetype: 'default', population: 100, budget: 6, basis: '6% of 100 = 6', out: 0, headroom: 6, candidates: 5, eligible: 5, reason: null, groups: ['g1'] });
    expect(plan.picked.map((h) => h.hostname)).toEqual([name(1), name(3), name(5), name(7), name(9)]);
  });

  it('is the same for the same seed, and random across seeds rather than the head of a sorted list', () => {
    const many = Array.from({ length: 40 }, (_, i) => host(i * 2 + 1));
    const a = planAction(input({ candidates: many }));
    expect(planAction(input({ candidates: [...many].reverse() }))).toEqual(a);
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) for (const h of planAction(input({ candidates: many, seed })).picked) seen.add(h.hostname);
    expect(seen.size).toBeGreaterThan(12);
    expect(a.picked.map((h) => h.hostname)).not.toEqual(many.slice(0, 6).map((h) => h.hostname));
  });

  it('gives each cluster its own random stream: adding a cluster does not change another cluster’s picks', () => {
    const many = Array.from({ length: 40 }, (_, i) => host(i * 2 + 1));
    const before = dwh(planAction(input({ candidates: many }))).picked;
    const etl = Array.from({ length: 50 }, (_, i) => `etl${i}.example.com`);
    const after = planAction(
      input({
        candidates: [...many, ...etl.slice(0, 5).map((hostname) => ({ hostname, cluster: 'etl', spread: 'r1', group: 'g1' }))],
        population: new Map([...input().population, ['etl', new Set(etl)]]),
      }),
    );
    expect(dwh(after).picked).toEqual(before);
    expect(after.clusters.map((c) => c.cluster)).toEqual(['dwh', 'etl']);
  });

  it('spreads the picks over racks: one per rack before any rack gets a second', () => {
    const hosts = Array.from({ length: 40 }, (_, i) => host(i, { spread: `r${i % 8}`, group: 'g1' }));
    const plan = planAction(input({ candidates: hosts }));
    expect(new Set(plan.picked.map((h) => h.spread)).size).toBe(6);
  });

  it.each<[string, Partial<PlanInput>, string]>([
    ['no candidates', { candidates: [] }, 'no candidates'],
    ['budget used', { out: Array.from({ length: 6 }, (_, i) => out(i * 2, { group: 'g1' })) }, 'budget used: 6 of 6 out'],
    ['budget used, more out than the budget', { out: Array.from({ length: 8 }, (_, i) => out(i * 2 + 20, { group: 'g1' })) }, 'budget used: 8 of 6 out'],
    ['unknown outcomes use budget', { out: Array.from({ length: 6 }, (_, i) => out(i * 2, { group: 'g1', why: 'unknown-outcome' })) }, 'budget used: 6 of 6 out'],
    ['override max 0', { policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [{ cluster: 'dwh', max: 0, reason: 'freeze for the migration' }], candidatesPercent: 25 } }, 'budget 0: override max 0: freeze for the migration'],
    ['archetype of 0%, no floor', { policy: { archetypes: { default: { percent: 0, floor: 0 } }, overrides: [], candidatesPercent: 25 } }, 'budget 0: 0% of 100 = 0'],
    ['max_per_pass 0', { action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', maxPerPass: 0, invariants: [] } }, 'max_per_pass 0'],
    ['group limit', { out: [out(0)] }, 'group limit: g0 already out (max_groups 1)'],
    ['group limit, two groups', { action: { name: 'drain', maxGroups: 2, groupColumn: 'data_group', invariants: [] }, out: [out(0, { group: 'g7' }), out(2, { group: 'g8' })] }, 'group limit: g7, g8 already out (max_groups 2)'],
    ['global invariant', { globalFailures: ['invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)'] }, 'invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)'],
    ['two global invariants', { globalFailures: ['invariant inputs-fresh failed: hdfs-dwh was not imported this pass', 'invariant inputs-not-shrunk failed: excluded fell from 1000 to 850 rows (-15%, max -10%)'] }, 'invariant inputs-fresh failed: hdfs-dwh was not imported this pass (and 1 more)'],
    [
      'all removed',
      {
        denied: new Map([[name(1), 'denied by never-touch'], [name(3), 'denied by never-touch: RMA']]),
        hostFailures: new Map([[name(5), ['hdfs-in-service: dwh says decommissioning']], [name(7), ['yarn-not-running: dwh says RUNNING']], [name(9), ['hdfs-in-service: dwh says in-service, dead']]]),
      },
      'all 5 candidates removed: 2 denied, 3 failed invariants',
    ],
    ['all removed, every kind', { candidates: [host(1), host(3, { group: null }), host(5), host(7), { ...host(9), hostname: 'stray.example.com' }], denied: new Map([[name(1), 'denied by never-touch']]), hostFailures: new Map([[name(5), ['x']]]), out: [out(7, { cluster: 'etl' })] }, 'all 5 candidates removed: 1 outside the population, 1 already out, 1 denied, 1 failed invariants, 1 without a group'],
    ['unknown archetype', { classify: new Map([['dwh', 'denser']]) }, 'archetype denser (from policy.classify) is not in policy.archetypes: nothing planned'],
    ['candidates-sane', { action: { name: 'drain', maxGroups: 1, invariants: ['candidates-sane'] }, candidates: Array.from({ length: 40 }, (_, i) => host(i)) }, 'invariant candidates-sane failed: 40 candidates are 40% of 100 hosts (max 25%)'],
  ])('gives an empty plan with the reason: %s', (_case, over, expected) => {
    const plan = planAction(input(over));
    expect(plan.picked).toEqual([]);
    expect(dwh(plan).reason).toBe(expected);
  });

  it.each<[string, Partial<PlanInput>, number, string]>([
    ['some removed', { denied: new Map([[name(1), 'denied by never-touch']]) }, 4, '1 of 5 candidates removed: 1 denied'],
    [
      'group limit while sampling',
      { candidates: [host(1), host(2), host(3), host(4)], action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', invariants: [] } },
      2,
      'group limit: only g* may be out (max_groups 1); 2 candidates are in other groups',
    ],
  ])('says why a plan is short of its headroom: %s', (_case, over, picks, expected) => {
    const c = dwh(planAction(input(over)));
    expect(c.picked).toHaveLength(picks);
    const group = c.groups[0] ?? '';
    expect(c.reason).toBe(expected.replace('g*', group));
  });

  it('explains every removal', () => {
    const plan = planAction(
      input({
        candidates: [host(1), host(3, { group: '' }), host(5), host(7), host(9), host(11), { ...host(13), hostname: 'stray.example.com' }],
        out: [out(5), out(7, { why: 'unknown-outcome', detail: 'rekick outcome unknown (journal #12)' }), out(9, { why: 'planned', detail: 'planned by drain this pass' })],
        denied: new Map([[name(11), 'denied by never-touch: RMA']]),
        hostFailures: new Map([[name(1), ['hdfs-in-service: dwh says decommissioning', 'yarn-not-running: dwh says RUNNING']]]),
      }),
    );
    expect(dwh(plan).removed).toEqual([
      { hostname: name(1), reason: 'failed invariants hdfs-in-service: dwh says decommissioning; yarn-not-running: dwh says RUNNING' },
      { hostname: name(3), reason: 'no data_group: a host without a replica group is never eligible' },
      { hostname: name(5), reason: 'already out: in-progress' },
      { hostname: name(7), reason: 'already out: rekick outcome unknown (journal #12)' },
      { hostname: name(9), reason: 'already out: planned by drain this pass' },
      { hostname: name(11), reason: 'denied by never-touch: RMA' },
      { hostname: 'stray.example.com', reason: 'not in the population of dwh' },
    ]);
  });

  it('collapses a host listed twice identically, and never plans one listed with conflicting values', () => {
    const plan = planAction(input({ candidates: [host(1), host(1), host(3), host(3, { group: 'g0' })] }));
    expect(dwh(plan)).toMatchObject({ candidates: 2, eligible: 1, removed: [{ hostname: name(3), reason: 'listed by the candidates view more than once, with different cluster, spread or group' }] });
    expect(plan.picked.map((h) => h.hostname)).toEqual([name(1)]);
  });

  it('plans no candidate without a cluster, and lists it apart', () => {
    const plan = planAction(input({ candidates: [host(1, { cluster: null }), host(3, { cluster: '' })] }));
    expect(plan.picked).toEqual([]);
    expect(plan.unclustered).toEqual([
      { hostname: name(1), reason: 'no cluster: a candidate without a cluster belongs to no budget' },
      { hostname: name(3), reason: 'no cluster: a candidate without a cluster belongs to no budget' },
    ]);
    expect(plan.clusters.map((c) => c.cluster)).toEqual(['dwh']);
  });

  it('lets candidates of an already-out group fill the headroom when out spans max_groups', () => {
    const plan = planAction(input({ candidates: [host(1), host(2), host(3), host(4)], out: [out(10, { group: 'g1' })] }));
    expect(plan.picked.map((h) => h.group)).toEqual(['g1', 'g1']);
    expect(dwh(plan).reason).toBe('group limit: only g1 may be out (max_groups 1); 2 candidates are in other groups');
  });

  it('does not count an out host without a group as a group', () => {
    const plan = planAction(input({ out: [out(10, { group: null })] }));
    expect(dwh(plan)).toMatchObject({ out: 1, headroom: 5, groups: ['g1'], reason: null });
    expect(plan.picked).toHaveLength(5);
  });

  it('counts an out row without a cluster against the cluster whose population has the host', () => {
    const plan = planAction(input({ out: Array.from({ length: 6 }, (_, i) => out(i * 2 + 20, { cluster: '', group: 'g1' })) }));
    expect(dwh(plan).reason).toBe('budget used: 6 of 6 out');
  });

  it('uses an override even when classify names an unknown archetype (the override does not depend on it)', () => {
    const plan = planAction(input({ classify: new Map([['dwh', 'denser']]), policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [{ cluster: 'dwh', max: 1, reason: 'production critical; INCIDENT-1234' }], candidatesPercent: 25 } }));
    expect(dwh(plan)).toMatchObject({ archetype: 'denser', budget: 1, basis: 'override max 1: production critical; INCIDENT-1234' });
    expect(plan.picked).toHaveLength(1);
  });

  it('takes the smallest of several overrides for one cluster, whatever their order', () => {
    const overrides = [
      { cluster: 'dwh', max: 3, reason: 'b' },
      { cluster: 'dwh', max: 1, reason: 'a' },
    ];
    const policy = { archetypes: { default: { percent: 6, floor: 1 } }, overrides, candidatesPercent: 25 };
    expect(dwh(planAction(input({ policy }))).basis).toBe('override max 1: a');
    expect(dwh(planAction(input({ policy: { ...policy, overrides: [...overrides].reverse() } }))).basis).toBe('override max 1: a');
  });

  it('never reads an inherited property as an archetype', () => {
    const plan = planAction(input({ classify: new Map([['dwh', 'constructor']]) }));
    expect(dwh(plan).reason).toBe('archetype constructor (from policy.classify) is not in policy.archetypes: nothing planned');
  });

  it('passes candidates-sane at exactly the limit', () => {
    const plan = planAction(input({ action: { name: 'drain', maxGroups: 1, invariants: ['candidates-sane'] }, candidates: Array.from({ length: 25 }, (_, i) => host(i)) }));
    expect(plan.picked).toHaveLength(6);
  });

  it('lists clusters bytewise, including clusters known only from out hosts', () => {
    const plan = planAction(input({ out: [out(1, { cluster: 'Zeta' }), out(2, { cluster: 'alpha' })] }));
    expect(plan.clusters.map((c) => c.cluster)).toEqual(['Zeta', 'alpha', 'dwh']);
  });
});
