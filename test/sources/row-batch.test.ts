import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachRow, RowBatchWriter, transferables } from '../../src/sources/row-batch.js';

const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('dn1.smf1.example.com', 'up', ''),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('RowBatch', () => {
  it('gives back every row as pushed (undefined as null), repeats and odd strings included, over any batch size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 40 }), (width, capacity, rows) => {
        const writer = new RowBatchWriter(3, width, capacity);
        const got: unknown[][] = [];
        const drain = () => {
          const batch = writer.take();
          expect(batch.sink).toBe(3);
          forEachRow(batch, (values) => got.push([...values]));
        };
        for (const row of rows) {
          writer.push(row);
          if (writer.full) drain();
        }
        if (writer.size > 0) drain();
        expect(got).toEqual(rows.map((r) => r.slice(0, width).map((v) => (v === undefined ? null : v))));
      }),
    );
  });

  it('sends a string repeated on the next row once', () => {
    const writer = new RowBatchWriter(0, 2, 10);
    for (let i = 0; i < 5; i++) writer.push(['dn1.smf1.example.com', `m${i}`]);
    const batch = writer.take();
    expect(batch.text).toBe('dn1.smf1.example.comm0m1m2m3m4');
    expect(transferables(batch)).toHaveLength(3);
  });

  it('refuses a value it cannot send', () => {
    expect(() => new RowBatchWriter(0, 1, 1).push([true])).toThrow('row batch: a cell of type boolean cannot be sent (strings, numbers and null only)');
  });
});
