import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded random source: the only randomness policy code may use (never
 * Math.random), so `--seed N` reproduces a plan exactly.
 */
export interface Rng {
  /** An integer in [from, to], both included. */
  int(from: number, to: number): number;
}

/**
 * A generator over pure-rand's xoroshiro128+. The seed's low 32 bits are
 * used: derive per-stream seeds with `deriveSeed`, which hashes any seed.
 */
export function seededRng(seed: number): Rng {
  // pure-rand's generators mutate in place (`next()`); `uniformInt` draws without modulo bias.
  const gen = xoroshiro128plus(seed | 0);
  return { int: (from, to) => uniformInt(gen, from, to) };
}

/**
 * A 32-bit seed derived from a seed and labels (`action`, `cluster`): each
 * cluster of each action draws from its own stream, so adding a cluster or an
 * action does not change another one's picks for the same seed.
 * sha256 from node:crypto: stable across versions and machines, and pure.
 */
export function deriveSeed(seed: number, ...labels: readonly string[]): number {
  const h = createHash('sha256').update(String(seed));
  for (const l of labels) h.update('\0').update(l);
  return h.digest().readUInt32BE(0);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
