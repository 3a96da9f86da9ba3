import { describe, expect, it } from 'vitest';
import { goFloatG, goJsonFloat, goJsonTimestamp } from '../../src/sim/go-float.js';

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
