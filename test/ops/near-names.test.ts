import { describe, expect, it } from 'vitest';
import { editDistance, nearNames } from '../../src/util/near-names.js';
import { resolveViewName } from '../../src/views/resolve-view.js';
import { UsageError } from '../../src/errors.js';

const VIEWS = ['hdfs-dead', 'hdfs-decommissioned', 'hdfs-decommissioning', 'hdfs-in-service', 'unmatched-hdfs', 'unresponsive', 'yarn-lost'];

describe('nearNames', () => {
  it('finds a typo within a small edit distance', () => {
    expect(nearNames('hdfs-ded', VIEWS)).toEqual(['hdfs-dead']);
    expect(nearNames('unrepsonsive', VIEWS)).toEqual(['unresponsive']); // a transposition is one edit
  });

  it('finds names that contain what was typed, closest first', () => {
    expect(nearNames('dead', VIEWS)).toEqual(['hdfs-dead']);
    expect(nearNames('decommission', VIEWS)).toEqual(['hdfs-decommissioned', 'hdfs-decommissioning']);
  });

  it('finds nothing for something unrelated', () => {
    expect(nearNames('zzzzzz', VIEWS)).toEqual([]);
  });

  it('orders by edit distance, then bytewise, and caps the list', () => {
    expect(nearNames('hdfs', VIEWS, 3)).toEqual(['hdfs-dead', 'unmatched-hdfs', 'hdfs-in-service']);
  });

  it('computes edit distance with transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('resolveViewName', () => {
  it('accepts dashes, underscores and any case', () => {
    expect(resolveViewName('hdfs_dead', VIEWS)).toBe('hdfs-dead');
    expect(resolveViewName('HDFS-Dead', VIEWS)).toBe('hdfs-dead');
  });

  it('rejects an unknown view with the near names, as a usage error', () => {
    expect(() => resolveViewName('hdfs-ded', VIEWS)).toThrow(UsageError);
    expect(() => resolveViewName('hdfs-ded', VIEWS)).toThrow('unknown view "hdfs-ded"; did you mean hdfs-dead? (7 views: "breakfix views" lists them)');
    expect(() => resolveViewName('zzzzzz', VIEWS)).toThrow('unknown view "zzzzzz" (7 views: "breakfix views" lists them)');
  });
});
