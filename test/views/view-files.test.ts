import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { readViewFiles } from '../../src/views/view-files.js';
import { tempDir } from '../helpers/cli.js';

/** A stock directory and a workspace queries/ directory holding `files`. */
function dirsWith(files: readonly string[]): { stock: string; local: string } {
  const root = tempDir('bf-viewfiles-');
  const stock = join(root, 'stock');
  const local = join(root, 'queries');
  mkdirSync(stock);
  mkdirSync(local);
  for (const f of files) writeFileSync(join(local, f), 'SELECT 1 AS hostname\n');
  return { stock, local };
}

function errorOf(files: readonly string[]): string {
  const { stock, local } = dirsWith(files);
  try {
    readViewFiles(stock, local);
  } catch (err) {
    expect(err).toBeInstanceOf(QueryError);
    return (err as Error).message.replace(local, 'queries');
  }
  throw new Error('expected a QueryError');
}

describe('readViewFiles', () => {
  // Each view is exported to runs/DAY/<name>: these would land on (or beside, and be mistaken for) breakfix's own files.
  it.each([
    ['plan', 'runs/DAY/plan/'],
    ['inputs', 'runs/DAY/inputs/'],
    ['state', 'runs/DAY/state.db'],
    ['manifest', 'runs/DAY/manifest.json'],
    ['transcript', 'runs/DAY/transcript.log'],
    ['report', 'runs/DAY/report.html'],
  ])('refuses a view named %s, naming the view file', (name, file) => {
    expect(errorOf([`${name}.sql`])).toBe(
      `queries/${name}.sql: "${name}" is reserved: breakfix's own ${file} has that name (reserved: inputs, lock, manifest, pause, plan, queries, report, runs, state, transcript)`,
    );
  });

  it('refuses a view name longer than 64 characters, and takes one of 64', () => {
    const long = `v${'-x'.repeat(32)}`;
    expect(errorOf([`${long}.sql`])).toBe(`queries/${long}.sql: a view name is at most 64 characters long, got 65`);
    const { stock, local } = dirsWith([`${long.slice(0, 63)}y.sql`]);
    expect(readViewFiles(stock, local).map((v) => v.name)).toEqual([`${long.slice(0, 63)}y`]);
  });

  it('takes names that merely contain a reserved word', () => {
    const { stock, local } = dirsWith(['plan-b.sql', 'state-of-hdfs.sql', 'reports.sql']);
    expect(readViewFiles(stock, local).map((v) => v.name)).toEqual(['plan-b', 'reports', 'state-of-hdfs']);
  });
});

describe('-- reads-clock:', () => {
  it('sample-age is read into the view; anything else is an error naming the file', () => {
    const { stock, local } = dirsWith([]);
    writeFileSync(join(local, 'stale.sql'), '-- reads-clock: sample-age\nSELECT 1 AS hostname\n');
    writeFileSync(join(local, 'plain.sql'), '-- description: no clock\nSELECT 1 AS hostname\n');
    const defs = readViewFiles(stock, local);
    expect(defs.find((d) => d.name === 'stale')!.clock).toBe('sample-age');
    expect(defs.find((d) => d.name === 'plain')!.clock).toBeUndefined();
    writeFileSync(join(local, 'hourly.sql'), '-- reads-clock: hours\nSELECT 1 AS hostname\n');
    expect(() => readViewFiles(stock, local)).toThrow(
      `${join(local, 'hourly.sql')}: -- reads-clock: "hours" is not known (the one kind is sample-age: the view compares sample times with now - max_sample_age, and nothing else of the clock)`,
    );
  });
});
