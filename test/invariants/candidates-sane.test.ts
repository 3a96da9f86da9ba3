import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCandidatesSane } from '../../src/invariants/candidates-sane.js';

describe('candidates-sane', () => {
  it.each<[number, number, number, string | null]>([
    [40, 100, 25, '40 candidates are 40% of 100 hosts (max 25%)'],
    [25, 100, 25, null],
    [26, 100, 25, '26 candidates are 26% of 100 hosts (max 25%)'],
    [251, 1000, 25, '251 candidates are 25.1% of 1000 hosts (max 25%)'],
    [1, 1, 25, '1 candidate is 100% of 1 host (max 25%)'],
    [3, 0, 25, '3 candidates but the population is empty (max 25%)'],
    [0, 0, 25, null],
    [57, 10000, 0.57, null],
  ])('%i candidates of %i hosts, max %d%%: %s', (candidates, population, maxPercent, expected) => {
    expect(checkCandidatesSane({ candidates, population, maxPercent })).toBe(expected);
  });

  it('fails exactly when candidates × 100 exceed max × population', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100 }), (candidates, population, maxPercent) => {
        expect(checkCandidatesSane({ candidates, population, maxPercent }) !== null).toBe(candidates * 100 > maxPercent * population);
      }),
      { numRuns: 5000 },
    );
  });
});
