import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { MAX_HEADER_COLUMNS, readRecords, resolveColumns } from '../../src/sources/delimited.js';
import { tempDir } from '../helpers/cli.js';
import { TestWorkspace } from '../helpers/import.js';

function csvFile(text: string): string {
  const file = join(tempDir('bf-csv-'), 'input.csv');
  writeFileSync(file, text);
  return file;
}

async function csvError(text: string): Promise<ParseError> {
  const err = await readRecords(csvFile(text), 'csv', () => {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ParseError);
  return err as ParseError;
}

let tw: TestWorkspace | undefined;
afterEach(async () => tw?.close());

describe('reading CSV records', () => {
  // Found by the fuzzer (test/reliability/fuzz.test.ts): csv-parse reports this one with the
  // code INVALID_OPENING_QUOTE, without the CSV_ prefix the reader looked for, and the raw
  // csv-parse error escaped the importer instead of becoming an input error.
  it('reports a quote inside an unquoted field as invalid CSV at its line', async () => {
    const err = await csvError('hostname,note\ndn1.example.com,say "hi"\n');
    expect(err.line).toBe(2);
    expect(err.problem).toBe('invalid CSV: a quote inside a field that does not start with one (quote the whole field, and write a quote inside it as "")');
  });

  it('fails the import with an input error naming the file and line, for the header line too', async () => {
    tw = new TestWorkspace('sources:\n  tickets: { kind: table, format: csv, header: true, path: inputs/tickets.csv }\n', {
      'inputs/tickets.csv': 'hostname,ticket,sum"mary\ndn1.example.com,T-1,disk\n',
    });
    const [report] = await tw.import();
    expect(report?.status).toBe('failed');
    expect(report?.error).toBe(
      `${join(tw.dir, 'inputs/tickets.csv')}:1: invalid CSV: a quote inside a field that does not start with one (quote the whole field, and write a quote inside it as "")`,
    );
  });

  // Also found by the fuzzer: csv-parse decodes whatever bytes it gets, so a CSV with a NUL byte or
  // bytes of another encoding was imported as text, where the same data as TSV is refused.
  it.each([
    ['a NUL byte', Buffer.from('hostname,note\ndn1.example.com,a\0b\n'), 'NUL byte at byte 18 of the line (is this a binary file?)'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('hostname,note\ndn1.example.com,caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 'invalid UTF-8 at byte 20 of the line (is the file in another encoding?)'],
  ])('refuses %s at its line, as the TSV reader does', async (_what, bytes, problem) => {
    const file = join(tempDir('bf-csv-'), 'input.csv');
    writeFileSync(file, bytes);
    const err = await readRecords(file, 'csv', () => {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).line).toBe(2);
    expect((err as ParseError).problem).toBe(problem);
  });

  // A header wider than a table may be failed at its line; SQLite's own refusal ("too many columns") named none.
  it('refuses a header of more columns than a table may have, unless columns: picks some', () => {
    const header = Array.from({ length: MAX_HEADER_COLUMNS + 1 }, (_, i) => (i === 0 ? 'hostname' : `c${i}`));
    expect(() => resolveColumns(header, undefined, 1)).toThrow(`header names ${MAX_HEADER_COLUMNS + 1} columns, more than the ${MAX_HEADER_COLUMNS} a table may have: list the ones you need in columns:`);
    expect(resolveColumns(header, ['hostname', 'c7'], 1).indexes).toEqual([0, 7]);
    expect(resolveColumns(header.slice(0, MAX_HEADER_COLUMNS), undefined, 1).width).toBe(MAX_HEADER_COLUMNS);
  });
});
