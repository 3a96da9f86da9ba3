import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAction, type CandidateHost, type PlanInput } from '../../src/policy/plan-action.js';
import { recheckPlan } from '../../src/policy/recheck.js';
import { fixtureRng, fleetArb, type Fleet } from './fleet-arbitrary.js';
import { expectSafe } from './oracle.js';

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 2000);

/** A plan file an operator edited: planned hosts kept or dropped, other hosts added (candidates or not), clusters mistyped, lines repeated. */
function editedPlan(input: Fleet, seed: number): { hostname: string; cluster: string }[] {
  const rng = fixtureRng(seed);
  const planned = planAction(input).picked.filter(() => rng.chance(0.8)).map((h) => ({ hostname: h.hostname, cluster: h.cluster! }));
  const everyone = [...input.population].flatMap(([cluster, hosts]) => [...hosts].map((hostname) => ({ hostname, cluster })));
  const lines = [...planned];
  for (let i = rng.int(0, 30); i > 0 && everyone.length > 0; i--) lines.push(everyone[rng.int(0, everyone.length - 1)]!);
  for (let i = rng.int(0, 10); i > 0 && input.candidates.length > 0; i--) {
    const c = input.candidates[rng.int(0, input.candidates.length - 1)]!;
    lines.push({ hostname: c.hostname, cluster: rng.chance(0.8) ? (c.cluster ?? '') : 'dwh' });
  }
  lines.push({ hostname: 'intruder.example.com', cluster: 'dwh' }, { hostname: 'ghost-000.example.com', cluster: 'ghost' }, { hostname: 'nocluster.example.com', cluster: '' });
  if (lines.length > 0 && rng.chance(0.3)) lines.push(lines[0]!);
  // Shuffle: the file's order decides which of several hosts gets the last of the headroom.
  for (let i = lines.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines;
}

describe('recheckPlan over random edited plans', () => {
  it('8. never accepts what planAction would never allow, even hosts that are not candidates at all', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), (input, seed) => {
        const lines = editedPlan(input, seed);
        const { accepted, rejected } = recheckPlan(input, lines);
        expectSafe(input, accepted);
        // Every line gets a verdict, in file order.
        expect(accepted.length + rejected.length).toBe(lines.length);
        for (const r of rejected) expect(r.reason).toMatch(/\S/);
        // A host the candidates view lists keeps its own cluster, group and rack; one it does not list has no group.
        for (const h of accepted) {
          const c = input.candidates.find((x) => x.hostname === h.hostname);
          if (c !== undefined) expect([h.cluster, h.group ?? null, h.spread ?? null]).toEqual([c.cluster, c.group || null, c.spread || null]);
          else expect(h.group).toBeNull();
        }
        // Per-host invariants are never skipped for a host that was never checked.
        if (input.action.invariants.some((i) => i === 'hdfs-in-service' || i === 'yarn-not-running')) {
          for (const h of accepted) expect(input.candidates.some((c) => c.hostname === h.hostname)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts an unedited plan exactly, in any order', () => {
    fc.assert(
      fc.property(fleetArb, fc.boolean(), (input, reverse) => {
        const picked = planAction(input).picked.map((h) => ({ hostname: h.hostname, cluster: h.cluster! }));
        const { accepted, rejected } = recheckPlan(input, reverse ? [...picked].reverse() : picked);
        expect(rejected).toEqual([]);
        expect(accepted.map((h) => h.hostname).sort()).toEqual(picked.map((h) => h.hostname).sort());
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('recheckPlan', () => {
  const name = (i: number) => `dn${String(i).padStart(3, '0')}.example.com`;
  const host = (i: number, over: Partial<CandidateHost> = {}): CandidateHost => ({ hostname: name(i), cluster: 'dwh', spread: `r${i % 4}`, group: 'g1', ...over });
  const input = (over: Partial<PlanInput> = {}): PlanInput => ({
    action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', spreadColumn: 'rack', invariants: [] },
    policy: { archetypes: { default: { percent: 6, floor: 1 } }, overrides: [], candidatesPercent: 25 },
    classify: new Map(),
    population: new Map([['dwh', new Set(Array.from({ length: 100 }, (_, i) => name(i)))]]),
    candidates: Array.from({ length: 10 }, (_, i) => host(i)),
    out: [],
    denied: new Map(),
    hostFailures: new Map(),
    globalFailures: [],
    seed: 42,
    ...over,
  });
  const line = (i: number, cluster = 'dwh') => ({ hostname: name(i), cluster });

  it('accepts hosts in file order up to the headroom and says why for the rest', () => {
    const { accepted, rejected } = recheckPlan(input(), Array.from({ length: 8 }, (_, i) => line(i)));
    expect(accepted.map((h) => h.hostname)).toEqual(Array.from({ length: 6 }, (_, i) => name(i)));
    expect(rejected).toEqual([
      { hostname: name(6), reason: 'headroom used: 6 of dwh already accepted (budget 6, 0 out)' },
      { hostname: name(7), reason: 'headroom used: 6 of dwh already accepted (budget 6, 0 out)' },
    ]);
  });

  it.each<[string, Partial<PlanInput>, { hostname: string; cluster: string }, string]>([
    ['a cluster other than the candidates view says', {}, line(1, 'etl'), 'the plan says cluster etl, the candidates view says dwh'],
    ['no cluster', {}, line(1, ''), 'no cluster: a candidate without a cluster belongs to no budget'],
    ['already out', { out: [{ hostname: name(1), cluster: 'dwh', group: 'g1', why: 'unknown-outcome', detail: 'drain outcome unknown (journal #3)' }] }, line(1), 'already out: drain outcome unknown (journal #3)'],
    ['denied', { denied: new Map([[name(1), 'denied by never-touch: RMA']]) }, line(1), 'denied by never-touch: RMA'],
    ['failing a per-host invariant', { hostFailures: new Map([[name(1), ['hdfs-in-service: dwh says decommissioning']]]) }, line(1), 'failed invariant hdfs-in-service: dwh says decommissioning'],
    ['a global invariant failed', { globalFailures: ['invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)'] }, line(1), 'invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)'],
    ['the group limit', { out: [{ hostname: name(50), cluster: 'dwh', group: 'g2', why: 'in-progress' }] }, line(1), 'group limit: g1 would be a new group; g2 already out (max_groups 1)'],
    ['no budget left', { out: Array.from({ length: 6 }, (_, i) => ({ hostname: name(50 + i), cluster: 'dwh', group: 'g1', why: 'in-progress' as const })) }, line(1), 'budget used: 6 of 6 out'],
    ['max_per_pass 0', { action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', maxPerPass: 0, invariants: [] } }, line(1), 'max_per_pass 0'],
    ['an unknown archetype', { classify: new Map([['dwh', 'denser']]) }, line(1), 'archetype denser (from policy.classify) is not in policy.archetypes: nothing planned'],
    ['candidates-sane', { action: { name: 'drain', maxGroups: 1, invariants: ['candidates-sane'] }, candidates: Array.from({ length: 30 }, (_, i) => host(i)) }, line(1), 'invariant candidates-sane failed: 30 candidates are 30% of 100 hosts (max 25%)'],
    ['not a candidate, with a group column', {}, line(60), 'no data_group: a host without a replica group is never eligible'],
    ['not a candidate, with per-host invariants', { action: { name: 'drain', maxGroups: 1, invariants: ['hdfs-in-service'] } }, line(60), 'not a candidate of drain, so its per-host invariants (hdfs-in-service) were never checked'],
  ])('rejects a host: %s', (_case, over, l, reason) => {
    const { accepted, rejected } = recheckPlan(input(over), [l]);
    expect(accepted).toEqual([]);
    expect(rejected).toEqual([{ hostname: l.hostname, reason }]);
  });

  it('rejects a host outside the population of the cluster the plan names', () => {
    const { rejected } = recheckPlan(input({ action: { name: 'drain', maxGroups: 1, invariants: [] } }), [{ hostname: 'intruder.example.com', cluster: 'dwh' }]);
    expect(rejected).toEqual([{ hostname: 'intruder.example.com', reason: 'not in the population of dwh' }]);
  });

  it('accepts a host added by hand when no rule forbids it (no group column, no per-host invariants)', () => {
    const { accepted } = recheckPlan(input({ action: { name: 'drain', maxGroups: 1, invariants: [] } }), [line(60)]);
    expect(accepted).toEqual([{ hostname: name(60), cluster: 'dwh', spread: null, group: null }]);
  });

  it('rejects a repeated line', () => {
    const { accepted, rejected } = recheckPlan(input(), [line(1), line(1)]);
    expect(accepted).toHaveLength(1);
    expect(rejected).toEqual([{ hostname: name(1), reason: 'listed more than once in the plan' }]);
  });

  it('says max_per_pass when it, not the budget, is what is used up', () => {
    const { rejected } = recheckPlan(input({ action: { name: 'drain', maxGroups: 1, groupColumn: 'data_group', maxPerPass: 1, invariants: [] } }), [line(1), line(2)]);
    expect(rejected).toEqual([{ hostname: name(2), reason: 'headroom used: 1 of dwh already accepted (budget 6, 0 out, max_per_pass 1)' }]);
  });
});
