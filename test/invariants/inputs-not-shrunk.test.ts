import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInputsNotShrunk } from '../../src/invariants/inputs-not-shrunk.js';

describe('inputs-not-shrunk', () => {
  it('fails a source that lost more than the threshold (default 10%)', () => {
    expect(checkInputsNotShrunk(new Map([['excluded', 850], ['inventory', 3000]]), new Map([['excluded', 1000], ['inventory', 3010]]))).toEqual([
      'excluded fell from 1000 to 850 rows (-15%, max -10%)',
    ]);
  });

  it('passes growth, a drop of exactly the limit, new sources, and sources that had no rows', () => {
    expect(checkInputsNotShrunk(new Map([['a', 90], ['b', 200], ['c', 5], ['d', 0]]), new Map([['a', 100], ['b', 100], ['d', 0]]), 10)).toEqual([]);
  });

  it('passes everything when there is no previous pass', () => {
    expect(checkInputsNotShrunk(new Map([['a', 1]]), new Map())).toEqual([]);
  });

  it('does not fail a source missing now (its import failed and its rows were kept; inputs-fresh reports that)', () => {
    expect(checkInputsNotShrunk(new Map(), new Map([['a', 100]]))).toEqual([]);
  });

  it('lets a source allow more shrinking than the default', () => {
    const limit = (s: string) => (s === 'excluded' ? 100 : 10);
    expect(checkInputsNotShrunk(new Map([['excluded', 0], ['inventory', 800]]), new Map([['excluded', 80], ['inventory', 1000]]), limit)).toEqual([
      'inventory fell from 1000 to 800 rows (-20%, max -10%)',
    ]);
  });

  it('shows the drop with the decimals it takes to differ from the limit', () => {
    expect(checkInputsNotShrunk(new Map([['a', 8996]]), new Map([['a', 10000]]))).toEqual(['a fell from 10000 to 8996 rows (-10.04%, max -10%)']);
  });

  it('fails exactly when the drop × 100 exceeds limit × before (integer arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100 }), (before, now, limit) => {
        const fails = checkInputsNotShrunk(new Map([['s', now]]), new Map([['s', before]]), limit).length === 1;
        expect(fails).toBe(before > 0 && (before - now) * 100 > limit * before);
      }),
      { numRuns: 5000 },
    );
  });
});
