import { compareBytewise } from '../util/bytewise.js';
import { shuffle, type Rng } from './rng.js';

/**
 * Pick up to `n` items spread over a column (racks), docs/design.md#spread-sampling: visit
 * the spread values in random order taking one item from each, round after
 * round; within a value, items come in random order. Never the head of a
 * sorted list. Items whose spread value is null or empty form one bucket of
 * their own (they are not spread against each other, but they do not crowd
 * out the racks either).
 *
 * `accept(item, pickedSoFar)` may veto an item (the group rule). A vetoed
 * item is skipped for good and its rack offers its next item in the same
 * round: the group rule only ever narrows (groups open, never close), so an
 * item refused once would be refused again.
 *
 * Deterministic for a given item order and generator state: callers pass
 * items sorted, so the same seed gives the same picks whatever order the
 * inputs came in.
 */
export function spreadSample<T>(
  items: readonly T[],
  spreadOf: (item: T) => string | null,
  n: number,
  rng: Rng,
  accept: (item: T, pickedSoFar: readonly T[]) => boolean = () => true,
): T[] {
  const picked: T[] = [];
  if (n <= 0 || items.length === 0) return picked;
  const buckets = new Map<string | null, T[]>();
  for (const item of items) {
    const raw = spreadOf(item);
    const key = raw === null || raw === '' ? null : raw;
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, (bucket = []));
    bucket.push(item);
  }
  // Bucket keys in a fixed order before shuffling, so the visiting order depends only on the seed.
  const keys = [...buckets.keys()].sort((a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : compareBytewise(a, b)));
  const queues = shuffle(keys, rng).map((k) => new LazyShuffle(buckets.get(k)!, rng));

  let active = queues;
  while (picked.length < n && active.length > 0) {
    for (const q of active) {
      if (picked.length >= n) break;
      // This rack's next acceptable item, if it has one left.
      for (let item = q.next(); item !== undefined; item = q.next()) {
        if (accept(item.value, picked)) {
          picked.push(item.value);
          break;
        }
      }
    }
    active = active.filter((q) => !q.done());
  }
  return picked;
}

/**
 * A bucket drawn in uniformly random order, one draw at a time (a
 * Fisher–Yates shuffle done lazily): a pass that takes 3 hosts out of a
 * 50,000-host candidate list draws a handful of numbers, not 50,000.
 */
class LazyShuffle<T> {
  private readonly items: T[];
  private taken = 0;

  constructor(
    items: readonly T[],
    private readonly rng: Rng,
  ) {
    this.items = [...items];
  }

  /** The next item (boxed, so an item that is itself `undefined` is still an item), or undefined when none is left. */
  next(): { value: T } | undefined {
    if (this.taken >= this.items.length) return undefined;
    const i = this.taken;
    const j = this.rng.int(i, this.items.length - 1);
    const chosen = this.items[j]!;
    this.items[j] = this.items[i]!;
    this.items[i] = chosen;
    this.taken++;
    return { value: chosen };
  }

  done(): boolean {
    return this.taken >= this.items.length;
  }
}
