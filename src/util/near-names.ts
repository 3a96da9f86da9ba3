import { compareBytewise } from './bytewise.js';
/**
 * Names close to one that was not found, for "did you mean" in errors: those
 * within a small edit distance, and those that contain it or that it
 * contains (`dead` → `hdfs-dead`). Closest first, ties in bytewise order.
 * Pure.
 */
export function nearNames(wanted: string, known: readonly string[], max = 6): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const n = name.toLowerCase();
    const d = editDistance(w, n);
    const contains = w.length >= 3 && (n.includes(w) || w.includes(n));
    if (d <= limit || contains) scored.push({ name, score: d });
  }
  scored.sort((a, b) => a.score - b.score || compareBytewise(a.name, b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
