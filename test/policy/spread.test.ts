import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/policy/rng.js';
import { spreadSample } from '../../src/policy/spread.js';

const RUNS = Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 2000);

interface Item {
  readonly id: number;
  readonly rack: string | null;
}

const itemsArb = fc
  .array(fc.option(fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', ''), { nil: null, freq: 8 }), { maxLength: 60 })
  .map((racks) => racks.map((rack, id): Item => ({ id, rack })));
const rackOf = (i: Item) => (i.rack === null || i.rack === '' ? '\0none' : i.rack);

describe('spreadSample', () => {
  it('takes min(n, items) distinct items, one per rack per round: no rack is more than one ahead of a rack with items left', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 70 }), fc.integer(), (items, n, seed) => {
        const picked = spreadSample(items, (i) => i.rack, n, seededRng(seed));
        expect(picked.length).toBe(Math.min(n, items.length));
        expect(new Set(picked.map((i) => i.id)).size).toBe(picked.length);
        const perRack = new Map<string, number>();
        for (const i of picked) perRack.set(rackOf(i), (perRack.get(rackOf(i)) ?? 0) + 1);
        const most = Math.max(0, ...perRack.values());
        const ids = new Set(picked.map((i) => i.id));
        for (const left of items.filter((i) => !ids.has(i.id))) expect(most).toBeLessThanOrEqual((perRack.get(rackOf(left)) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('skips a vetoed item and keeps going, never taking one the predicate refused', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 70 }), fc.integer(), fc.integer({ min: 2, max: 5 }), (items, n, seed, mod) => {
        const accept = (i: Item) => i.id % mod !== 0;
        const picked = spreadSample(items, (i) => i.rack, n, seededRng(seed), accept);
        for (const i of picked) expect(accept(i)).toBe(true);
        expect(picked.length).toBe(Math.min(n, items.filter(accept).length));
      }),
      { numRuns: RUNS },
    );
  });

  it('hands the predicate the picks made so far', () => {
    const items = Array.from({ length: 30 }, (_, id): Item => ({ id, rack: `r${id % 3}` }));
    const sizes: number[] = [];
    const picked = spreadSample(items, (i) => i.rack, 5, seededRng(7), (_i, so) => {
      sizes.push(so.length);
      return true;
    });
    expect(sizes).toEqual([0, 1, 2, 3, 4]);
    expect(picked).toHaveLength(5);
  });

  it('is reproducible from the seed, and not the head of the list', () => {
    const items = Array.from({ length: 100 }, (_, id): Item => ({ id, rack: `r${id % 10}` }));
    const a = spreadSample(items, (i) => i.rack, 10, seededRng(1));
    expect(spreadSample(items, (i) => i.rack, 10, seededRng(1))).toEqual(a);
    expect(a.map((i) => i.id).sort((x, y) => x - y)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const firsts = new Set<number>();
    for (let seed = 0; seed < 50; seed++) firsts.add(spreadSample(items, (i) => i.rack, 1, seededRng(seed))[0]!.id);
    expect(firsts.size).toBeGreaterThan(20);
  });

  it('puts items without a spread value in one bucket of their own', () => {
    const items: Item[] = [...Array.from({ length: 10 }, (_, id) => ({ id, rack: null })), { id: 10, rack: 'r1' }];
    for (let seed = 0; seed < 20; seed++) {
      const picked = spreadSample(items, (i) => i.rack, 2, seededRng(seed));
      expect(picked.map((i) => i.rack).sort()).toEqual(['r1', null].sort());
    }
  });
});
