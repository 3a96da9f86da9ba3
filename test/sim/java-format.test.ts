import { describe, expect, it } from 'vitest';
import { byteDesc, bytesWithDesc, doublePercent, floatPercent, javaDate, javaFixed, log4jTime } from '../../src/sim/java-format.js';

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
  it('prints the FORMATS.md examples', () => {
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
