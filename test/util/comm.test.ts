import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytewise } from '../../src/util/bytewise.js';
import { countDifferences, differences, mergeSorted, UnsortedInput } from '../../src/util/comm.js';
import { tempDir } from '../helpers/cli.js';

describe('comparing two sorted line streams (what diff streams)', () => {
  it('reports lines only in the first as removed and only in the second as added', () => {
    expect([...differences(['a', 'b', 'd'], ['b', 'c', 'd', 'e'])]).toEqual([
      { sign: '-', line: 'a' },
      { sign: '+', line: 'c' },
      { sign: '+', line: 'e' },
    ]);
    expect(countDifferences(['a', 'b', 'd'], ['b', 'c', 'd', 'e'])).toEqual({ fromRows: 3, toRows: 4, removed: 1, added: 2 });
  });

  it('pairs repeated lines one for one, as comm does', () => {
    expect([...differences(['a', 'a', 'b'], ['a', 'b', 'b'])]).toEqual([
      { sign: '-', line: 'a' },
      { sign: '+', line: 'b' },
    ]);
  });

  it('handles an empty side and the empty line (a row holding the empty string)', () => {
    expect([...differences([], ['', 'x'])]).toEqual([
      { sign: '+', line: '' },
      { sign: '+', line: 'x' },
    ]);
    expect(countDifferences([], [])).toEqual({ fromRows: 0, toRows: 0, removed: 0, added: 0 });
  });

  it('pulls lines lazily: an infinite sorted stream is fine as long as the consumer stops', () => {
    function* naturals() {
      for (let i = 0; ; i++) yield String(i).padStart(12, '0');
    }
    const it = mergeSorted(naturals(), naturals());
    expect(it.next().value).toEqual({ sign: ' ', line: '000000000000' });
  });

  it('refuses a side that is not in bytewise order, naming the side and line', () => {
    try {
      countDifferences(['a', 'c', 'b'], []);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UnsortedInput);
      expect((err as UnsortedInput).side).toBe('from');
      expect((err as UnsortedInput).lineNo).toBe(3);
    }
  });

  it('agrees with comm -3 for random sorted files (bytewise, unicode included)', () => {
    const dir = tempDir('bf-comm-');
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '-', ' ', 'é', '日', '😀', '\t'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(line, { maxLength: 20 }), (a, b) => {
        a.sort(compareBytewise);
        b.sort(compareBytewise);
        const fa = join(dir, 'a');
        const fb = join(dir, 'b');
        writeFileSync(fa, a.map((l) => l + '\n').join(''));
        writeFileSync(fb, b.map((l) => l + '\n').join(''));
        const comm = execFileSync('comm', ['-3', fa, fb], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
        const ours = [...differences(a, b)].map((d) => (d.sign === '-' ? d.line : `\t${d.line}`) + '\n').join('');
        expect(ours).toBe(comm);
      }),
      { numRuns: 40 },
    );
  });
});
