import { shuffle, type Rng } from './rng.js';

/**
 * Pick up to `n` items spread over a column (racks): visit the spread values
 * in random order taking one item from each, round after round; within a
 * value, items in random order. Never the head of a sorted list. Items with no
 * spread value form one bucket of their own. `accept` may veto an item (the
 * group rule); a vetoed item is skipped for good and the rack offers its next.
 *
 * Input order does not matter: callers pass items sorted, so the same seed
 * gives the same picks.
 */
export function spreadSample<T>(
  items: readonly T[],
  spreadOf: (item: T) => string | null,
  n: number,
  rng: Rng,
  accept: (item: T) => boolean = () => true,
): T[] {
  if (n <= 0 || items.length === 0) return [];
  const buckets = new Map<string, T[]>();
  const NONE = '\0none';
  for (const item of items) {
    const key = spreadOf(item) ?? NONE;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(item);
  }
  const keys = shuffle([...buckets.keys()].sort(), rng);
  const queues = keys.map((k) => shuffle(buckets.get(k)!, rng));
  const picked: T[] = [];
  let progress = true;
  while (picked.length < n && progress) {
    progress = false;
    for (const q of queues) {
      if (picked.length >= n) break;
      // Take this rack's next acceptable host, if any.
      while (q.length > 0) {
        const item = q.shift()!;
        if (accept(item)) {
          picked.push(item);
          progress = true;
          break;
        }
      }
    }
  }
  return picked;
}
