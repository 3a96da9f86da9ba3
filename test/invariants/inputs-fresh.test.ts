import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInputsFresh } from '../../src/invariants/inputs-fresh.js';

const now = 1_800_000_000;

describe('inputs-fresh', () => {
  it('fails a source older than its max_age, naming both ages', () => {
    expect(checkInputsFresh([{ name: 'inventory', maxAge: 7200 }], [{ source: 'inventory', status: 'ok', pass: 3, dataTime: now - 11520 }], { pass: 3, now })).toEqual([
      'inventory is 3h12m old (max_age 2h)',
    ]);
  });

  it('passes data exactly max_age old, and data up to 5 minutes ahead of the clock (clock skew)', () => {
    expect(checkInputsFresh([{ name: 'a', maxAge: 7200 }], [{ source: 'a', status: 'ok', pass: 3, dataTime: now - 7200 }], { pass: 3, now })).toEqual([]);
    expect(checkInputsFresh([{ name: 'a', maxAge: 60 }], [{ source: 'a', status: 'ok', pass: 3, dataTime: now + 300 }], { pass: 3, now })).toEqual([]);
  });

  it('fails data further ahead of the clock than the skew allowed, saying how far', () => {
    expect(checkInputsFresh([{ name: 'metrics', maxAge: 3600 }], [{ source: 'metrics', status: 'ok', pass: 3, dataTime: now + 301 }], { pass: 3, now })).toEqual([
      'metrics is 5m1s ahead of the clock (at most 5m of clock skew is allowed: a clock is wrong, so its age is unknown)',
    ]);
    // A file written by a machine whose clock is 11 days ahead is not fresh, whatever its max_age.
    expect(checkInputsFresh([{ name: 'inventory', maxAge: 86400 * 365 }], [{ source: 'inventory', status: 'unchanged', pass: 3, dataTime: now + 11 * 86400 }], { pass: 3, now })).toEqual([
      'inventory is 11d ahead of the clock (at most 5m of clock skew is allowed: a clock is wrong, so its age is unknown)',
    ]);
  });

  it('never calls data fresh that is more than max_age old or more than 5 minutes ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86400 * 30 }), fc.integer({ min: -86400 * 60, max: 86400 * 60 }), (maxAge, offset) => {
        const failures = checkInputsFresh([{ name: 'a', maxAge }], [{ source: 'a', status: 'ok', pass: 1, dataTime: now + offset }], { pass: 1, now });
        expect(failures.length === 0).toBe(offset >= -maxAge && offset <= 300);
      }),
    );
  });

  it.each<[string, Parameters<typeof checkInputsFresh>[1][number] | undefined, string]>([
    ['never imported', undefined, 'hdfs-dwh was never imported'],
    ['imported in an earlier pass', { source: 'hdfs-dwh', status: 'unchanged', pass: 2, dataTime: now }, 'hdfs-dwh was not imported this pass'],
    ['failed this pass', { source: 'hdfs-dwh', status: 'failed', pass: 3, dataTime: null }, 'hdfs-dwh failed to import'],
    ['failed in an earlier pass', { source: 'hdfs-dwh', status: 'failed', pass: 2, dataTime: null }, 'hdfs-dwh was not imported this pass (its last import failed)'],
    ['imported outside a pass', { source: 'hdfs-dwh', status: 'ok', pass: null, dataTime: now }, 'hdfs-dwh was not imported this pass'],
  ])('fails a source that was %s', (_case, record, message) => {
    expect(checkInputsFresh([{ name: 'hdfs-dwh' }], record ? [record] : [], { pass: 3, now })).toEqual([message]);
  });

  it('fails closed on a source with a max_age and no data time', () => {
    expect(checkInputsFresh([{ name: 'a', maxAge: 7200 }], [{ source: 'a', status: 'ok', pass: 3, dataTime: null }], { pass: 3, now })).toEqual([
      'a has no data time to check against max_age 2h',
    ]);
  });

  it('passes fresh sources imported this pass, unchanged ones included, and sources without a max_age', () => {
    expect(
      checkInputsFresh(
        [{ name: 'a', maxAge: 60 }, { name: 'b' }],
        [
          { source: 'a', status: 'unchanged', pass: 3, dataTime: now - 30 },
          { source: 'b', status: 'ok', pass: 3, dataTime: now - 86400 * 30 },
        ],
        { pass: 3, now },
      ),
    ).toEqual([]);
  });

  it('outside a pass (`breakfix plan`) checks only that sources were imported and are fresh', () => {
    expect(checkInputsFresh([{ name: 'a', maxAge: 60 }], [{ source: 'a', status: 'ok', pass: 1, dataTime: now - 30 }], { pass: null, now })).toEqual([]);
    expect(checkInputsFresh([{ name: 'a' }], [{ source: 'a', status: 'failed', pass: 1, dataTime: null }], { pass: null, now })).toEqual(['a failed to import']);
  });

  it('reports failures sorted by source, whatever order the config lists them in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['zeta', 'alpha', 'mid', 'Beta'], { minLength: 1 }), (names) => {
        expect(checkInputsFresh(names.map((name) => ({ name })), [], { pass: 1, now })).toEqual([...names].sort().map((n) => `${n} was never imported`));
      }),
    );
  });

  it('uses the last record when given several for one source', () => {
    expect(
      checkInputsFresh(
        [{ name: 'a' }],
        [
          { source: 'a', status: 'ok', pass: 3, dataTime: now },
          { source: 'a', status: 'failed', pass: 3, dataTime: null },
        ],
        { pass: 3, now },
      ),
    ).toEqual(['a failed to import']);
  });
});
