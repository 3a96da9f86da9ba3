import { describe, expect, it } from 'vitest';
import { exceedsPercent, floorPercentOf, formatPercent, percentOf } from '../../src/util/percent.js';

describe('percent arithmetic', () => {
  it('snaps a product that float error moved off an integer', () => {
    expect((0.57 * 10000) / 100).not.toBe(57);
    expect(percentOf(0.57, 10000)).toBe(57);
    expect(floorPercentOf(0.57, 10000)).toBe(57);
    expect(floorPercentOf(2.01, 10000)).toBe(201);
    expect(floorPercentOf(6, 49)).toBe(2);
  });

  it('counts exactly the limit as within it', () => {
    expect(exceedsPercent(25, 100, 25)).toBe(false);
    expect(exceedsPercent(26, 100, 25)).toBe(true);
    expect(exceedsPercent(57, 10000, 0.57)).toBe(false);
    expect(exceedsPercent(58, 10000, 0.57)).toBe(true);
    expect(exceedsPercent(1, 0, 25)).toBe(true);
    expect(exceedsPercent(0, 0, 0)).toBe(false);
  });

  it('prints a share with the decimals it takes to differ from the limit', () => {
    expect(formatPercent(40, 100, 25)).toBe('40');
    expect(formatPercent(251, 1000, 25)).toBe('25.1');
    expect(formatPercent(2504, 10000, 25)).toBe('25.04');
    expect(formatPercent(150, 1000)).toBe('15');
  });
});
