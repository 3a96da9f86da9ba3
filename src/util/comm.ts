import { compareBytewise } from './bytewise.js';

/** One line of a merge of two sorted files: `-` only in the first, `+` only in the second, ` ` in both. */
export interface MergedLine {
  readonly sign: '-' | '+' | ' ';
  readonly line: string;
}

/** A side's lines are not in bytewise order, so comparing them would be wrong. */
export class UnsortedInput extends Error {
  constructor(
    readonly side: 'from' | 'to',
    /** 1-based line number of the first line out of order. */
    readonly lineNo: number,
  ) {
    super(`line ${lineNo} is out of bytewise order`);
  }
}

/**
 * `comm` on two bytewise-sorted line streams, pulling one line at a time from
 * each: memory stays constant whatever the sizes. Repeated lines pair up one
 * for one, as comm does. Pure: the caller supplies the iterables.
 */
export function* mergeSorted(from: Iterable<string>, to: Iterable<string>): Generator<MergedLine> {
  const a = ordered(from, 'from');
  const b = ordered(to, 'to');
  let x = a.next();
  let y = b.next();
  while (!x.done && !y.done) {
    const c = compareBytewise(x.value, y.value);
    if (c === 0) {
      yield { sign: ' ', line: x.value };
      x = a.next();
      y = b.next();
    } else if (c < 0) {
      yield { sign: '-', line: x.value };
      x = a.next();
    } else {
      yield { sign: '+', line: y.value };
      y = b.next();
    }
  }
  for (; !x.done; x = a.next()) yield { sign: '-', line: x.value };
  for (; !y.done; y = b.next()) yield { sign: '+', line: y.value };
}

/** Like `comm -3`: only the lines that differ. */
export function* differences(from: Iterable<string>, to: Iterable<string>): Generator<MergedLine & { sign: '-' | '+' }> {
  for (const m of mergeSorted(from, to)) if (m.sign !== ' ') yield m as MergedLine & { sign: '-' | '+' };
}

export interface DiffCounts {
  readonly fromRows: number;
  readonly toRows: number;
  readonly removed: number;
  readonly added: number;
}

export function countDifferences(from: Iterable<string>, to: Iterable<string>): DiffCounts {
  let fromRows = 0;
  let toRows = 0;
  let removed = 0;
  let added = 0;
  for (const m of mergeSorted(from, to)) {
    if (m.sign === ' ') {
      fromRows++;
      toRows++;
    } else if (m.sign === '-') {
      fromRows++;
      removed++;
    } else {
      toRows++;
      added++;
    }
  }
  return { fromRows, toRows, removed, added };
}

function* ordered(lines: Iterable<string>, side: 'from' | 'to'): Generator<string> {
  let prev: string | undefined;
  let n = 0;
  for (const line of lines) {
    n++;
    if (prev !== undefined && compareBytewise(prev, line) > 0) throw new UnsortedInput(side, n);
    prev = line;
    yield line;
  }
}
