import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterBudget, headroom } from '../../src/policy/budget.js';

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 2000);

describe('clusterBudget', () => {
  it('floors the percentage: 6% of 49 hosts is 2', () => {
    expect(clusterBudget({ population: 49, archetype: { percent: 6, floor: 1 } })).toEqual({ budget: 2, basis: '6% of 49 = 2' });
  });

  it('raises a small cluster to the floor: 6% of 10 hosts floors to 0, the floor makes it 1', () => {
    expect(clusterBudget({ population: 10, archetype: { percent: 6, floor: 1 } })).toEqual({ budget: 1, basis: '6% of 10 = 0, raised to floor 1' });
  });

  it('does not lose an exact product to float error: 7% of 100 is 7, 0.57% of 10000 is 57 (not 56.99999999999999)', () => {
    expect(clusterBudget({ population: 100, archetype: { percent: 7, floor: 0 } }).budget).toBe(7);
    expect(clusterBudget({ population: 1000, archetype: { percent: 2.3, floor: 0 } }).budget).toBe(23);
    expect(clusterBudget({ population: 300, archetype: { percent: 2.3, floor: 0 } }).budget).toBe(6);
    expect(clusterBudget({ population: 1000, archetype: { percent: 1.1, floor: 0 } }).budget).toBe(11);
    expect(clusterBudget({ population: 3000, archetype: { percent: 0.1, floor: 0 } }).budget).toBe(3);
    expect(clusterBudget({ population: 10000, archetype: { percent: 0.57, floor: 0 } })).toEqual({ budget: 57, basis: '0.57% of 10000 = 57' });
  });

  it('caps at the ceiling', () => {
    expect(clusterBudget({ population: 5000, archetype: { percent: 6, floor: 1, ceiling: 200 } })).toEqual({ budget: 200, basis: '6% of 5000 = 300, capped at ceiling 200' });
  });

  it('lets the ceiling win over a floor above it: the smaller budget is the safe reading', () => {
    expect(clusterBudget({ population: 10, archetype: { percent: 2, floor: 1, ceiling: 0 } })).toEqual({ budget: 0, basis: '2% of 10 = 0, raised to floor 1, capped at ceiling 0' });
  });

  it('lets an override win over the archetype, with its reason', () => {
    expect(clusterBudget({ population: 60, archetype: { percent: 6, floor: 1 }, override: { max: 1, reason: 'production critical; INCIDENT-1234' } })).toEqual({
      budget: 1,
      basis: 'override max 1: production critical; INCIDENT-1234',
    });
    expect(clusterBudget({ population: 6000, archetype: { percent: 6, floor: 1 }, override: { max: 0, reason: 'freeze' } }).budget).toBe(0);
  });

  it('is 0 with neither an archetype nor an override', () => {
    expect(clusterBudget({ population: 100 }).budget).toBe(0);
  });

  it('matches exact integer arithmetic for any percentage in basis points and any population', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
        (bp, population, floor, ceiling) => {
          const exact = (bp * population - ((bp * population) % 10_000)) / 10_000;
          let want = Math.max(exact, floor);
          if (ceiling !== undefined) want = Math.min(want, ceiling);
          const got = clusterBudget({ population, archetype: { percent: bp / 100, floor, ceiling } });
          expect(got.budget).toBe(want);
          expect(got.basis.startsWith(`${bp / 100}% of ${population} = ${exact}`)).toBe(true);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });
});

describe('headroom', () => {
  it('is what is left of the budget, never negative, capped by max_per_pass', () => {
    expect(headroom(6, 2)).toBe(4);
    expect(headroom(6, 9)).toBe(0);
    expect(headroom(6, 2, 3)).toBe(3);
    expect(headroom(6, 2, 0)).toBe(0);
    expect(headroom(6, 9, 3)).toBe(0);
  });
});
