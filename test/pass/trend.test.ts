import { describe, expect, it } from 'vitest';
import { analyzeTrend, sparkline, type TrendPoint } from '../../src/pass/trend.js';

const points = (rows: readonly number[], hashes?: readonly string[]): TrendPoint[] =>
  rows.map((r, i) => ({ day: '2026-11-23', pass: i + 1, at: `2026-11-23T0${i}:00:00.000Z`, rows: r, sha256: hashes?.[i] ?? `h${i}` }));

describe('sparkline', () => {
  it('scales values between their minimum and maximum', () => {
    expect(sparkline([0, 7, 14])).toBe('▁▅█');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });
});

describe('analyzeTrend', () => {
  it('gives the last value and its change since the pass before', () => {
    expect(analyzeTrend('v', points([3, 5, 4]), 3)).toMatchObject({ last: 4, change: -1 });
    expect(analyzeTrend('v', points([3]), 3)).toMatchObject({ last: 3, change: null });
  });

  it('flags a view that grew at each of the last N passes, and no shorter run', () => {
    expect(analyzeTrend('v', points([1, 2, 3, 4]), 3).growing).toBe(true);
    expect(analyzeTrend('v', points([1, 2, 2, 4]), 3).growing).toBe(false);
    expect(analyzeTrend('v', points([2, 3, 4]), 3).growing).toBe(false);
  });

  it('flags a non-empty view whose members did not change for N passes: draining stuck on the same hosts', () => {
    expect(analyzeTrend('v', points([5, 5, 5], ['a', 'a', 'a']), 3).stuck).toBe(true);
    // Same size, other members: moving, not stuck.
    expect(analyzeTrend('v', points([5, 5, 5], ['a', 'b', 'a']), 3).stuck).toBe(false);
    // Empty and unchanged is a quiet fleet, not a stuck one.
    expect(analyzeTrend('v', points([0, 0, 0], ['e', 'e', 'e']), 3).stuck).toBe(false);
  });
});
