import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteDesc, bytesWithDesc, doublePercent, floatPercent, javaDate, javaDateByDate, javaFixed, javaFixedByDigits, log4jTime } from '../../src/sim/java-format.js';

describe('javaFixed prints like String.format("%.Nf")', () => {
  it('rounds HALF_UP on the shortest decimal digits, not on the binary value', () => {
    expect(javaFixed(1.005, 2)).toBe('1.01');
    expect(javaFixed(0.125, 2)).toBe('0.13');
    expect(javaFixed(54.599998474121094, 2)).toBe('54.60');
  });

  it('carries into new digits and pads with zeros', () => {
    expect(javaFixed(9.995, 2)).toBe('10.00');
    expect(javaFixed(99.999, 2)).toBe('100.00');
    expect(javaFixed(0.005, 2)).toBe('0.01');
    expect(javaFixed(123, 2)).toBe('123.00');
    expect(javaFixed(2.5, 0)).toBe('3');
  });

  it('handles tiny, huge and negative numbers', () => {
    expect(javaFixed(0.004, 2)).toBe('0.00');
    expect(javaFixed(1e-7, 2)).toBe('0.00');
    expect(javaFixed(1e22, 1)).toBe('10000000000000000000000.0');
    expect(javaFixed(-1.005, 2)).toBe('-1.01');
  });
});

describe('byteDesc follows StringUtils.byteDesc', () => {
  it('prints the examples of docs/formats.md#dates-and-zones', () => {
    expect(byteDesc(96000000000000)).toBe('87.31 TB');
    expect(byteDesc(80954849312768)).toBe('73.63 TB');
    expect(byteDesc(1214491260893)).toBe('1.10 TB');
    expect(byteDesc(13830659426339)).toBe('12.58 TB');
  });

  it('prints exact multiples without decimals and small values in bytes', () => {
    expect(byteDesc(0)).toBe('0 B');
    expect(byteDesc(1023)).toBe('1023 B');
    expect(byteDesc(1024)).toBe('1 KB');
    expect(byteDesc(49152)).toBe('48 KB');
    expect(byteDesc(1073741824000)).toBe('1000 GB');
  });

  it('moves up a prefix when the two-decimal text starts with 1024', () => {
    expect(byteDesc(1048575)).toBe('1.00 MB');
  });

  it('gives the same text for a bigint beyond 2^53 as for the number path below it', () => {
    expect(byteDesc(96000000000000n)).toBe('87.31 TB');
    expect(byteDesc(2n ** 60n)).toBe('1 EB');
    expect(byteDesc(3815702632857600n * 10n)).toBe('33.89 PB');
    expect(bytesWithDesc(3815702632857600n * 10n)).toBe('38157026328576000 (33.89 PB)');
  });
});

describe('percentages', () => {
  it('computes per-node percentages in float, as DFSUtilClient does', () => {
    expect(floatPercent(52417081098240, 96000000000000)).toBe('54.60%');
    expect(floatPercent(42509177077760, 96000000000000)).toBe('44.28%');
  });

  it('prints 100.00% for zero capacity', () => {
    expect(floatPercent(0, 0)).toBe('100.00%');
  });

  it('prints the summary percentage from a double fraction', () => {
    expect(doublePercent(0.6578)).toBe('65.78%');
    expect(doublePercent(0)).toBe('0.00%');
  });
});

describe('dates', () => {
  it('prints Date#toString in UTC with a zero-padded day', () => {
    expect(javaDate(1714564798)).toBe('Wed May 01 11:59:58 UTC 2024');
    expect(javaDate(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
  });

  it('prints log4j ISO8601 timestamps with a comma before the millis', () => {
    expect(log4jTime(1714564800123)).toBe('2024-05-01 12:00:00,123');
  });
});

/**
 * The fast paths against the general implementation they stand in for, on
 * many random inputs and on the hard ones: halves (x.xx5), values a hair
 * either side of one, float percentages, byte counts near a rounding half.
 */
describe('the fast paths print exactly what the digit-by-digit implementation prints', () => {
  const RUNS = { numRuns: 20_000 };
  const decimals = fc.integer({ min: 0, max: 8 });
  /** k / 10^d + 0.5 / 10^d, nudged by a few ulps: where HALF_UP on the shortest digits and on the binary value part. */
  const nearHalf = fc
    .tuple(fc.integer({ min: -5_000_000, max: 5_000_000 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: -3, max: 3 }))
    .map(([k, d, nudge]) => nudgeUlps((k + 0.5) / 10 ** d, nudge));

  it('javaFixed on any double', () => {
    const doubles = fc.oneof(fc.double(), fc.double({ min: -1e7, max: 1e7 }), fc.double({ min: -1, max: 1 }));
    fc.assert(fc.property(doubles, decimals, (x, d) => {
      expect(javaFixed(x, d)).toBe(javaFixedByDigits(x, d));
    }), RUNS);
  });

  it('javaFixed next to rounding halves', () => {
    fc.assert(fc.property(nearHalf, fc.integer({ min: 0, max: 6 }), (x, d) => {
      expect(javaFixed(x, d)).toBe(javaFixedByDigits(x, d));
    }), RUNS);
  });

  it('javaFixed of percentages computed in float', () => {
    // Used and remaining out of a capacity, as the report computes them.
    const percent = fc
      .tuple(fc.maxSafeNat(), fc.maxSafeNat())
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b, 1)] as const)
      .map(([part, capacity]) => Math.fround(Math.fround(Math.fround(part) * 100) / Math.fround(capacity)));
    fc.assert(fc.property(percent, (x) => {
      expect(javaFixed(x, 2)).toBe(javaFixedByDigits(x, 2));
    }), RUNS);
  });

  it('bytesWithDesc of any long, and of counts near a rounding half of their prefix', () => {
    const nearHalfOfPrefix = fc
      .tuple(fc.integer({ min: 0, max: 102_400 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -3, max: 3 }))
      .map(([hundredths, i, delta]) => Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, Math.round(((hundredths + 0.5) / 100) * 1024 ** i) + delta)));
    const counts = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: 0, max: 2 ** 40 }), nearHalfOfPrefix);
    fc.assert(fc.property(counts, (n) => {
      expect(bytesWithDesc(n)).toBe(`${n} (${byteDescByDigits(n)})`);
    }), RUNS);
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      expect(bytesWithDesc(n)).toBe(`${n} (${byteDescByDigits(n)})`);
    }), { numRuns: 2000 });
  });

  it('javaDate of any whole second, any time, and fractions', () => {
    const seconds = fc.oneof(fc.integer({ min: -8.64e12, max: 8.64e12 }), fc.integer({ min: 1.6e9, max: 2.2e9 }), fc.double({ min: -1e13, max: 1e13 }), fc.maxSafeInteger());
    fc.assert(fc.property(seconds, (t) => {
      expect(javaDate(t)).toBe(javaDateByDate(t));
    }), RUNS);
  });
});

/** `x` moved `n` representable doubles up (n > 0) or down. */
function nudgeUlps(x: number, n: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + BigInt(x < 0 ? -n : n));
  return view.getFloat64(0);
}

/** byteDesc as it was before its fast paths, on javaFixedByDigits: the oracle for bytesWithDesc. */
function byteDescByDigits(value: bigint | number): string {
  let n = BigInt(value);
  let sign = '';
  if (n < 0n) {
    sign = '-';
    n = -n;
  }
  if (n < 1024n) return `${sign}${n} B`;
  const prefixes = ['K', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (i < prefixes.length && n >= 1n << BigInt(10 * (i + 1))) i++;
  const shift = BigInt(10 * i);
  if ((n & ((1n << shift) - 1n)) === 0n) return `${sign}${n >> shift} ${prefixes[i - 1]}B`;
  const s = javaFixedByDigits(Number(n) / 2 ** (10 * i), 2);
  if (s.startsWith('1024') && i < prefixes.length) return `${sign}${javaFixedByDigits(Number(n) / 2 ** (10 * (i + 1)), 2)} ${prefixes[i]}B`;
  return `${sign}${s} ${prefixes[i - 1]}B`;
}
