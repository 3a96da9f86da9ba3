import { compareBytewise } from '../../src/util/bytewise.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeField, encodeRow, encodeValue, EscapeError } from '../../src/util/text-table.js';

describe('encodeValue / decodeField', () => {
  it.each([
    [null, '-'],
    ['-', '\\-'],
    ['', ''],
    ['a\tb', 'a\\tb'],
    ['a\nb\rc', 'a\\nb\\rc'],
    ['back\\slash', 'back\\\\slash'],
    ['\\-', '\\\\-'],
    ['--', '--'],
    [42, '42'],
    [1.5, '1.5'],
  ] as const)('encodes %j as %j', (value, text) => {
    expect(encodeValue(value)).toBe(text);
  });

  it('round-trips any string and NULL', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary' }), { nil: null }), (v) => {
        expect(decodeField(encodeValue(v))).toBe(v);
      }),
      { numRuns: 5000 },
    );
  });

  it('never puts a raw TAB or newline into an encoded row', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string(), { nil: null }), { minLength: 1, maxLength: 5 }), (row) => {
        const line = encodeRow(row);
        expect(line).not.toMatch(/[\n\r]/);
        expect(line.split('\t')).toHaveLength(row.length);
      }),
    );
  });

  it('rejects escapes the format does not define', () => {
    expect(() => decodeField('a\\qb')).toThrow(new EscapeError('unknown escape \\q (the format has \\\\ \\t \\n \\r \\-)'));
    expect(() => decodeField('ab\\')).toThrow(EscapeError);
  });
});

describe('compareBytewise', () => {
  it('orders strings like LC_ALL=C sort orders their UTF-8 lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-sort-'));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !/[\n\r]/.test(s)), { maxLength: 40 }), (lines) => {
        const file = join(dir, 'in');
        writeFileSync(file, lines.map((l) => l + '\n').join(''));
        const sorted = execFileSync('sort', [file], { env: { ...process.env, LC_ALL: 'C' } }).toString('utf8');
        const ours = [...lines].sort(compareBytewise).map((l) => l + '\n').join('');
        expect(ours).toBe(sorted);
      }),
      { numRuns: 150 },
    );
  });

  it('puts characters above U+FFFF after U+E000..U+FFFF, as UTF-8 does', () => {
    expect(compareBytewise('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true); // what a naive comparison would get wrong
  });
});
