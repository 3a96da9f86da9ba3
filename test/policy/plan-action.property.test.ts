import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAction, type ActionPlan, type PlanInput } from '../../src/policy/plan-action.js';
import { fixtureRng, fleetArb, GLOBAL_FAILURES } from './fleet-arbitrary.js';
import { conflicting, expectSafe, oracleHeadroom, oracleOutGroups } from './oracle.js';

/**
 * The planner over random fleets: whatever the data, a plan stays within
 * every cluster's headroom and the group rule, takes no host it must not,
 * is reproducible from its seed, spreads over racks, and says why whenever
 * it is empty.
 */

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 2000);

/** A copy of a list in another order (the fixture's generator, not the planner's). */
function reorder<T>(items: readonly T[], seed: number): T[] {
  const rng = fixtureRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const blank = (s: string | null) => s === null || s.trim() === '';

describe('planAction over random fleets', () => {
  it('1–3. never exceeds headroom or budget, never breaks the group rule, never picks a denied, failing, out, contradictory or foreign host', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const plan = planAction(input);
        expectSafe(input, plan.picked);
        for (const c of plan.clusters) {
          expect(c.picked.length).toBeLessThanOrEqual(c.headroom);
          expect(c.headroom).toBe(oracleHeadroom(input, c.cluster));
          expect(c.out + c.picked.length <= c.budget || c.picked.length === 0).toBe(true);
        }
        expect(plan.picked).toEqual(plan.clusters.flatMap((c) => c.picked).sort((a, b) => (a.hostname < b.hostname ? -1 : 1)));
      }),
      { numRuns: RUNS },
    );
  });

  it('4. gives the identical plan for the same input and seed, whatever order the inputs come in', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), (input, order) => {
        const shuffled: PlanInput = {
          ...input,
          candidates: reorder(input.candidates, order),
          out: reorder(input.out, order + 1),
          population: new Map(reorder([...input.population], order + 2).map(([c, hosts]) => [c, new Set(reorder([...hosts], order + 3))])),
          denied: new Map(reorder([...input.denied], order + 4)),
          hostFailures: new Map(reorder([...input.hostFailures], order + 5)),
          classify: new Map(reorder([...input.classify], order + 6)),
          policy: { ...input.policy, overrides: reorder(input.policy.overrides, order + 7) },
        };
        expect(planAction(shuffled)).toEqual(planAction(input));
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('5. spreads over racks: no rack gets a second host while another rack with an eligible candidate has none (and never more than one ahead of it)', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const plan = planAction(input);
        for (const c of plan.clusters) {
          if (c.picked.length === 0) continue;
          const perRack = new Map<string, number>();
          const rackOf = (spread: string | null) => (spread === null || spread === '' ? '\0no rack' : spread);
          for (const h of c.picked) perRack.set(rackOf(h.spread), (perRack.get(rackOf(h.spread)) ?? 0) + 1);
          const most = Math.max(...perRack.values());
          // Eligible under the final set of groups, by the oracle's reading of the rules (not the plan's own removal list).
          const finalGroups = new Set([...oracleOutGroups(input, c.cluster), ...c.picked.map((h) => h.group!).filter((g) => g !== null)]);
          const full = finalGroups.size >= input.action.maxGroups;
          const pickedNames = new Set(c.picked.map((h) => h.hostname));
          const bad = conflicting(input);
          const outNames = new Set(input.out.map((o) => o.hostname));
          const waiting = input.candidates.filter(
            (h) =>
              h.cluster === c.cluster &&
              !pickedNames.has(h.hostname) &&
              !bad.has(h.hostname) &&
              !outNames.has(h.hostname) &&
              !input.denied.has(h.hostname) &&
              (input.hostFailures.get(h.hostname) ?? []).length === 0 &&
              (input.population.get(c.cluster)?.has(h.hostname) ?? false) &&
              (input.action.groupColumn === undefined || (!blank(h.group) && (!full || finalGroups.has(h.group!)))),
          );
          // A rack still holding an eligible host was visited every round: no rack is more than one pick ahead of it.
          for (const h of waiting) expect(most, `${c.cluster}: rack ${h.spread} has ${h.hostname} waiting`).toBeLessThanOrEqual((perRack.get(rackOf(h.spread)) ?? 0) + 1);
          // And a plan short of its headroom left nothing eligible behind.
          if (c.picked.length < c.headroom) expect(waiting.map((h) => h.hostname)).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('6. an empty candidate set, zero headroom or a failed global invariant gives an empty plan with a reason for every cluster', () => {
    fc.assert(
      fc.property(fleetArb, fc.constantFrom('no candidates', 'max_per_pass 0', 'budget used', 'global'), (input, kind) => {
        const variant: PlanInput =
          kind === 'no candidates'
            ? { ...input, candidates: [] }
            : kind === 'max_per_pass 0'
              ? { ...input, action: { ...input.action, maxPerPass: 0 } }
              : kind === 'budget used'
                ? { ...input, policy: { ...input.policy, overrides: [...input.population.keys(), 'ghost'].map((cluster) => ({ cluster, max: 0, reason: 'freeze' })) } }
                : { ...input, globalFailures: [GLOBAL_FAILURES[1]!] };
        const plan: ActionPlan = planAction(variant);
        expect(plan.picked).toEqual([]);
        for (const c of plan.clusters) {
          expect(c.picked).toEqual([]);
          expect(c.reason).toMatch(/\S/);
          if (kind === 'global') expect(c.reason).toBe(GLOBAL_FAILURES[1]);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('says why whenever a cluster plan is empty, and takes a host whenever one is allowed', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        for (const c of planAction(input).clusters) {
          if (c.picked.length === 0) expect(c.reason, c.cluster).toMatch(/\S/);
          if (c.picked.length > 0 && c.picked.length === c.headroom) expect(c.reason).toBeNull();
          expect(c.eligible + c.removed.length).toBe(c.candidates);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('records every candidate it leaves out, with a reason, and only those', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const plan = planAction(input);
        const removed = new Set([...plan.clusters.flatMap((c) => c.removed), ...plan.unclustered].map((r) => r.hostname));
        for (const r of [...plan.clusters.flatMap((c) => c.removed), ...plan.unclustered]) expect(r.reason).toMatch(/\S/);
        for (const h of plan.picked) expect(removed.has(h.hostname)).toBe(false);
        for (const h of input.candidates) {
          if (blank(h.cluster)) expect(plan.unclustered.some((r) => r.hostname === h.hostname)).toBe(true);
          if (input.denied.has(h.hostname) && !blank(h.cluster)) expect(removed.has(h.hostname)).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
