import { describe, expect, it } from 'vitest';
import { planAction, type CandidateHost, type PlanInput } from '../../src/policy/plan-action.js';
import { planPass } from '../../src/policy/plan-pass.js';
import { recheckPlan } from '../../src/policy/recheck.js';

const host = (i: number, over: Partial<CandidateHost> = {}): CandidateHost => ({
  hostname: `dn${String(i).padStart(3, '0')}.example.com`,
  cluster: 'dwh',
  spread: `r${i % 4}`,
  group: `g${i % 2}`,
  ...over,
});

function input(over: Partial<PlanInput> = {}): PlanInput {
  const population = new Map([['dwh', new Set(Array.from({ length: 100 }, (_, i) => host(i).hostname))]]);
  return {
    action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', spreadColumn: 'rack', invariants: [] },
    policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [], candidatesPercent: 25 },
    classify: new Map(),
    population,
    candidates: [host(1), host(3), host(5), host(7), host(9)],
    out: [],
    denied: new Map(),
    hostFailures: new Map(),
    globalFailures: [],
    seed: 42,
    ...over,
  };
}

const reason = (p: ReturnType<typeof planAction>) => p.clusters.find((c) => c.cluster === 'dwh')!.reason;

describe('planAction', () => {
  it('picks within the budget and records the budget math', () => {
    const plan = planAction(input());
    const dwh = plan.clusters[0]!;
    expect(dwh).toMatchObject({ budget: 6, basis: '6% of 100 = 6', out: 0, headroom: 6, candidates: 5, eligible: 5, reason: null });
    expect(plan.picked).toHaveLength(5);
  });

  it('is the same for the same seed and differs across seeds (random, not the head of a sorted list)', () => {
    const many = Array.from({ length: 40 }, (_, i) => host(i * 2 + 1));
    const a = planAction(input({ candidates: many }));
    expect(planAction(input({ candidates: [...many].reverse() }))).toEqual(a);
    const picks = new Set<string>();
    for (let seed = 0; seed < 20; seed++) for (const h of planAction(input({ candidates: many, seed })).picked) picks.add(h.hostname);
    expect(picks.size).toBeGreaterThan(6);
    expect(a.picked.map((h) => h.hostname)).not.toEqual(many.slice(0, 6).map((h) => h.hostname));
  });

  it.each<[string, Partial<PlanInput>, string]>([
    ['no candidates', { candidates: [] }, 'no candidates'],
    ['budget used', { out: Array.from({ length: 6 }, (_, i) => ({ hostname: host(i * 2).hostname, cluster: 'dwh', group: 'g1', why: 'in-progress' as const })) }, 'budget used: 6 of 6 out'],
    ['group limit', { out: [{ hostname: host(0).hostname, cluster: 'dwh', group: 'g0', why: 'in-progress' }] }, 'group limit: g0 already out (max_groups 1)'],
    ['global invariant', { globalFailures: ['invariant inputs-fresh failed: inventory is 3h old (max_age 2h)'] }, 'invariant inputs-fresh failed: inventory is 3h old (max_age 2h)'],
    ['all removed', { denied: new Map([[host(1).hostname, 'denied by never-touch'], [host(3).hostname, 'denied by never-touch']]), hostFailures: new Map([[host(5).hostname, ['hdfs-in-service: dwh says decommissioning']], [host(7).hostname, ['x']], [host(9).hostname, ['y']]]) }, 'all 5 candidates removed: 2 denied, 3 failed invariants'],
    ['max_per_pass 0', { action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', maxPerPass: 0, invariants: [] } }, 'max_per_pass 0'],
    ['unknown archetype', { classify: new Map([['dwh', 'denser']]) }, 'archetype denser (from policy.classify) is not defined: nothing planned'],
    ['candidates-sane', { action: { name: 'drain', maxGroups: 1, invariants: ['candidates-sane'] }, candidates: Array.from({ length: 30 }, (_, i) => host(i)) }, 'invariant candidates-sane failed: 30 candidates are 30% of 100 hosts (max 25%)'],
  ])('gives an empty plan with a reason: %s', (_case, over, expected) => {
    const plan = planAction(input(over));
    expect(plan.picked).toEqual([]);
    expect(reason(plan)).toBe(expected);
  });

  it('never plans a candidate without a replica group when the action has a group column', () => {
    const plan = planAction(input({ candidates: [host(1, { group: null })] }));
    expect(plan.picked).toEqual([]);
    expect(plan.clusters[0]!.removed).toEqual([{ hostname: host(1).hostname, reason: 'no data_group: a host without a replica group is never eligible' }]);
  });

  it('counts unknown outcomes as out', () => {
    const out = Array.from({ length: 6 }, (_, i) => ({ hostname: `x${i}.example.com`, cluster: 'dwh', group: 'g1', why: 'unknown-outcome' as const }));
    expect(reason(planAction(input({ out })))).toBe('budget used: 6 of 6 out');
  });
});

describe('planPass', () => {
  it('shares the budget: a host planned by drain counts as out for rekick', () => {
    const drain = input({ candidates: Array.from({ length: 10 }, (_, i) => host(i * 2 + 1)) });
    const rekick = input({ action: { name: 'rekick', maxGroups: 1, groupColumn: 'data_group', invariants: [] }, candidates: [host(50, { group: 'g1' })] });
    const [p1, p2] = planPass([drain, rekick]);
    expect(p1!.picked).toHaveLength(6);
    expect(p2!.picked).toEqual([]);
    expect(reason(p2!)).toBe('budget used: 6 of 6 out');
  });
});

describe('recheckPlan', () => {
  it('drops hosts added beyond the headroom and says why', () => {
    const hosts = Array.from({ length: 10 }, (_, i) => ({ hostname: host(i * 2 + 1).hostname, cluster: 'dwh' }));
    const { accepted, rejected } = recheckPlan(input({ candidates: hosts.map((h, i) => host(i * 2 + 1)) }), hosts);
    expect(accepted).toHaveLength(6);
    expect(rejected.map((r) => r.reason)).toEqual(Array(4).fill('beyond the budget of dwh: headroom 6 already used by this plan'));
  });

  it('rejects a host outside the population of the cluster the plan names', () => {
    const { rejected } = recheckPlan(input(), [{ hostname: 'intruder.example.com', cluster: 'dwh' }]);
    expect(rejected).toEqual([{ hostname: 'intruder.example.com', reason: 'not in the population of dwh' }]);
  });
});
