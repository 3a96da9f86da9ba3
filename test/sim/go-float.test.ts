import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goFloatG, goFloatGByDigits, goJsonFloat, goJsonFloatByDigits, goJsonTimestamp } from '../../src/sim/go-float.js';

describe('goFloatG prints like strconv.FormatFloat(x, \'g\', -1, 64)', () => {
  it('writes integers and short decimals plainly', () => {
    expect(goFloatG(1)).toBe('1');
    expect(goFloatG(0)).toBe('0');
    expect(goFloatG(3.29)).toBe('3.29');
    expect(goFloatG(123456)).toBe('123456');
  });

  it('switches to exponent form at 1e6 and below 1e-4, with a two-digit exponent', () => {
    expect(goFloatG(1711886399.5)).toBe('1.7118863995e+09');
    expect(goFloatG(1764028800)).toBe('1.7640288e+09');
    expect(goFloatG(1e6)).toBe('1e+06');
    expect(goFloatG(1e-5)).toBe('1e-05');
  });

  it('spells the special values as Prometheus does', () => {
    expect(goFloatG(NaN)).toBe('NaN');
    expect(goFloatG(Infinity)).toBe('+Inf');
    expect(goFloatG(-Infinity)).toBe('-Inf');
  });
});

describe('the HTTP API JSON', () => {
  it('writes values plainly between 1e-6 and 1e21', () => {
    expect(goJsonFloat(1)).toBe('1');
    expect(goJsonFloat(1764028800)).toBe('1764028800');
    expect(goJsonFloat(1e21)).toBe('1e+21');
  });

  it('writes timestamps as seconds with three-digit millis, none when zero', () => {
    expect(goJsonTimestamp(1714564800781)).toBe('1714564800.781');
    expect(goJsonTimestamp(1714564800050)).toBe('1714564800.050');
    expect(goJsonTimestamp(1714564800000)).toBe('1714564800');
  });
});

/** The fast paths against the general implementation they stand in for. */
describe('the fast paths print exactly what the toExponential-based implementation prints', () => {
  const RUNS = { numRuns: 20_000 };
  const numbers = fc.oneof(
    fc.double(),
    fc.double({ min: -1e7, max: 1e7 }),
    fc.maxSafeInteger(),
    fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }), // boot times
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map((k) => k * 10 ** 6), // trailing zeros
    fc.constantFrom(0, -0, 1, 1e6, 1e21, 1e-4, 1e-6, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity),
  );

  it('goFloatG', () => {
    fc.assert(fc.property(numbers, (x) => {
      expect(goFloatG(x)).toBe(goFloatGByDigits(x));
    }), RUNS);
  });

  it('goJsonFloat', () => {
    fc.assert(fc.property(numbers, (x) => {
      expect(goJsonFloat(x)).toBe(goJsonFloatByDigits(x));
    }), RUNS);
  });
});
