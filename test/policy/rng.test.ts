import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, seededRng, shuffle } from '../../src/policy/rng.js';

describe('seededRng', () => {
  it('repeats its sequence for the same seed and stays within bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, from, span) => {
        const a = seededRng(seed);
        const b = seededRng(seed);
        for (let i = 0; i < 20; i++) {
          const x = a.int(from, from + span);
          expect(x).toBe(b.int(from, from + span));
          expect(x).toBeGreaterThanOrEqual(from);
          expect(x).toBeLessThanOrEqual(from + span);
        }
      }),
    );
  });
});

describe('deriveSeed', () => {
  it('is stable: the same seed and labels give the same 32-bit seed on every machine and in every version (`--seed` reproduces old plans)', () => {
    expect(deriveSeed(42, 'drain', 'dwh')).toBe(2922841604);
    expect(deriveSeed(0, '2026-11-23', '1')).toBe(3955717673);
  });

  it('gives each (action, cluster) its own stream', () => {
    const seeds = new Set([deriveSeed(1, 'drain', 'dwh'), deriveSeed(1, 'drain', 'etl'), deriveSeed(1, 'rekick', 'dwh'), deriveSeed(2, 'drain', 'dwh')]);
    expect(seeds.size).toBe(4);
  });
});

describe('shuffle', () => {
  it('returns a permutation of a copy, leaving the input alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const before = [...items];
        const out = shuffle(items, seededRng(seed));
        expect(items).toEqual(before);
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('moves items: over many seeds, every position of a 5-list sees every item', () => {
    const seen = Array.from({ length: 5 }, () => new Set<number>());
    for (let seed = 0; seed < 200; seed++) shuffle([0, 1, 2, 3, 4], seededRng(seed)).forEach((x, i) => seen[i]!.add(x));
    for (const s of seen) expect(s.size).toBe(5);
  });
});
