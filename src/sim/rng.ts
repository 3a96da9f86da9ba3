import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The simulator's only source of randomness. Every random decision draws from
 * a generator derived from (seed, purpose...) — `rngFor(seed, 'tick', 17)`,
 * `rngFor(seed, 'action', 4)` — rather than from one stream threaded through
 * the whole run. So the failures of tick 17 are the same whether or not an
 * operator acted before it: a run with actions and a run without them see the
 * same world events, which is what makes "the operator loop converges" a fair
 * comparison. Never Math.random.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  /** true with probability p. Always draws, so the stream does not depend on p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a over the text, then murmur3's fmix32 so nearby inputs give unrelated seeds. */
export function deriveSeed(seed: number, ...parts: readonly (string | number)[]): number {
  return hashString([String(seed), ...parts.map(String)].join('\u0000')) | 0;
}

/** Outputs discarded after seeding: xoroshiro's first outputs from a simple seed are weak. */
const WARM_UP = 16;

export function rngFor(seed: number, ...parts: readonly (string | number)[]): Rng {
  const gen: RandomGenerator = xoroshiro128plus(deriveSeed(seed, ...parts));
  for (let i = 0; i < WARM_UP; i++) gen.next();
  return {
    float: () => uniformFloat64(gen),
    int: (lo, hi) => asSmallInteger(uniformInt(gen, lo, hi)),
    chance: (p) => uniformFloat64(gen) < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[uniformInt(gen, 0, items.length - 1)]!;
    },
  };
}

/**
 * The same integer, as V8 holds a small integer rather than a double.
 * pure-rand computes it through doubles; written into a field where the
 * state read from JSON holds small integers (an HDFS decommission countdown, a disk
 * error counter), a double makes V8 reshape every host object that shares the
 * field — thousands of objects, tens of milliseconds per command.
 */
function asSmallInteger(n: number): number {
  return (n | 0) === n ? n | 0 : n;
}

/** A stable unsigned 32-bit hash of a string (FNV-1a + fmix32), for orders and phases that must look arbitrary but never change. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
