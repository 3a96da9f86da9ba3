import { describe, expect, it } from 'vitest';
import { keptRounds, type Sample } from '../../bench/measure.js';

const runs = (...seconds: number[]): Sample[] => seconds.map((s) => ({ seconds: s, rssKiB: 0 }));

describe('keptRounds', () => {
  it('drops the rounds in which the baseline took more than 1.5× or less than 1/1.5 of its median, for every contender', () => {
    // Round 2: the baseline (index 1) took 3× its median: another process had the machine.
    expect(keptRounds([runs(1, 1, 1, 1), runs(2, 2, 6, 2)], 1)).toEqual([0, 1, 3]);
    expect(keptRounds([runs(1, 1, 1), runs(2, 1, 2)], 1)).toEqual([0, 2]);
  });

  it('keeps every round without a baseline, and never keeps none', () => {
    expect(keptRounds([runs(1, 9, 1)], undefined)).toEqual([0, 1, 2]);
    expect(keptRounds([runs(1, 2), runs(1, 4)], 1)).toEqual([0, 1]);
  });
});
