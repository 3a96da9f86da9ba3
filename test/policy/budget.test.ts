import { describe, expect, it } from 'vitest';
import { clusterBudget, headroom } from '../../src/policy/budget.js';

describe('clusterBudget', () => {
  it('floors the percentage: 6% of 49 hosts is 2', () => {
    expect(clusterBudget(49, { percent: 6, floor: 1 })).toEqual({ budget: 2, basis: '6% of 49 = 2' });
  });
  it('raises a small cluster to the floor: 6% of 10 hosts floors to 0, the floor makes it 1', () => {
    expect(clusterBudget(10, { percent: 6, floor: 1 })).toEqual({ budget: 1, basis: '6% of 10 = 0, raised to floor 1' });
  });
  it('does not lose an exact product to float error: 7% of 100 is 7', () => {
    expect(clusterBudget(100, { percent: 7, floor: 1 }).budget).toBe(7);
    expect(clusterBudget(300, { percent: 2.3, floor: 0 }).budget).toBe(6);
  });
  it('caps at the ceiling', () => {
    expect(clusterBudget(5000, { percent: 6, floor: 1, ceiling: 200 })).toEqual({ budget: 200, basis: '6% of 5000 = 300, capped at ceiling 200' });
  });
  it('lets an override win over the archetype, with its reason', () => {
    expect(clusterBudget(60, { percent: 6, floor: 1 }, { cluster: 'cache-prod', max: 1, reason: 'production critical; INCIDENT-1234' })).toEqual({
      budget: 1,
      basis: 'override max 1: production critical; INCIDENT-1234',
    });
  });
});

describe('headroom', () => {
  it('is what is left of the budget, never negative, capped by max_per_pass', () => {
    expect(headroom(6, 2)).toBe(4);
    expect(headroom(6, 9)).toBe(0);
    expect(headroom(6, 2, 3)).toBe(3);
    expect(headroom(6, 2, 0)).toBe(0);
  });
});
