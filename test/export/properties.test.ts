import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { openStateDb } from '../../src/db/open.js';
import { compareBytewise } from '../../src/util/bytewise.js';
import { exportViews } from '../../src/export/export-views.js';
import { nullTranscript } from '../../src/util/transcript.js';
import { importSources } from '../../src/sources/import-sources.js';
import { createViews, loadViews } from '../../src/views/create-views.js';
import { Workspace } from '../../src/workspace.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The two properties of the exported-file contract (docs/design.md#text-tables), over random data, in-process: import with the real importers,
 * create and export the views as a pass does, then compare.
 */

const DAY = '2026-11-23';
const CLOCK = () => new Date(`${DAY}T12:00:00Z`);
const C_LOCALE = { ...process.env, LC_ALL: 'C' };

/** A fresh workspace with these files, imported, views created and exported; returns the day's directory. */
async function exportWorkspace(config: string, files: Record<string, string>): Promise<{ dayDir: string; dir: string }> {
  const dir = tempDir('bf-prop-');
  for (const [name, content] of Object.entries({ 'breakfix.yaml': config, ...files })) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const cfg = parseConfig(config, join(dir, 'breakfix.yaml'));
  const ws = new Workspace(dir, DAY);
  const state = await openStateDb(ws.dbFile);
  try {
    const reports = await importSources(state, ws, cfg, [], { pass: null, force: false, clock: CLOCK, transcript: nullTranscript });
    const failed = reports.filter((r) => r.status === 'failed');
    if (failed.length > 0) throw new Error(failed.map((r) => r.error).join('\n'));
    const views = loadViews(ws);
    createViews(state.raw, cfg, views, { temp: false });
    exportViews(state.raw, cfg, ws, views, { force: false, pass: null, clock: CLOCK });
  } finally {
    await state.close();
  }
  return { dayDir: ws.dayDir, dir };
}

describe('export then import as a table source gives back the same rows', () => {
  // Every character class the format escapes or must not mangle: TAB, LF, CR,
  // backslash, a lone dash, spaces, multi-byte and astral characters, plus any
  // code point. NUL and a leading U+FEFF are left out: see the note below.
  const char = fc.oneof(
    fc.constantFrom('\t', '\n', '\r', '\\', '-', ' ', 'a', 'Z', '0', 'é', '日', '😀', '\\t', '\\-'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0' && c !== '\uFEFF'),
  );
  const value = fc.option(fc.oneof(fc.constant('-'), fc.constant(''), fc.string({ unit: char, maxLength: 6 })), { freq: 4 });
  const rows = fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 12 });

  it('round-trips NULLs, empty strings, escapes and unicode', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (data) => {
        const dir = tempDir('bf-rt-');
        const ws = new Workspace(dir, DAY);
        // The rows go in through SQL so that NULL and any string are possible,
        // then out through a view and the exporter, back in through the importer.
        const state = await openStateDb(ws.dbFile);
        const config = `sources:\n  back: { kind: table, format: text, columns: [a, b, c], path: runs/${DAY}/rows-out, allow_empty: true }\n`;
        const cfg = parseConfig(config, join(dir, 'breakfix.yaml'));
        writeFileSync(join(dir, 'breakfix.yaml'), config);
        mkdirSync(join(dir, 'queries'));
        writeFileSync(join(dir, 'queries', 'rows-out.sql'), '-- description: the random rows\nSELECT a, b, c FROM original\n');
        try {
          state.raw.exec('CREATE TABLE original (a TEXT, b TEXT, c TEXT)');
          const insert = state.raw.prepare('INSERT INTO original VALUES (?, ?, ?)');
          for (const r of data) insert.run(...r);
          const views = loadViews(ws);
          createViews(state.raw, cfg, views, { temp: false });
          exportViews(state.raw, cfg, ws, views, { force: false, pass: null, clock: CLOCK });
          const reports = await importSources(state, ws, cfg, [], { pass: null, force: false, clock: CLOCK, transcript: nullTranscript });
          expect(reports[0]!.error).toBeNull();
          const key = (r: readonly (string | null)[]) => JSON.stringify(r);
          const back = (state.raw.prepare('SELECT a, b, c FROM back').raw(true).all() as (string | null)[][]).map(key).sort();
          expect(back).toEqual(data.map(key).sort());
        } finally {
          await state.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('exported set operations are byte-identical to sort, comm and join', () => {
  // Valid hostnames, lower-case (hostlists are lower-cased on import, and the
  // coreutils side must see the same names), from a small pool so sets overlap.
  const host = fc.tuple(fc.constantFrom('dn', 'nn', 'rm', 'w'), fc.integer({ min: 0, max: 40 }), fc.constantFrom('.smf1.example.com', '.atla.example.com', ''))
    .map(([p, n, d]) => `${p}${n}${d}`);
  const hosts = fc.array(host, { maxLength: 30 });
  const word = fc.stringMatching(/^[a-z0-9][a-z0-9/_.-]{0,6}$/);
  const pairs = fc.array(fc.tuple(host, word), { maxLength: 20 });

  const lines = (xs: readonly string[]) => xs.map((x) => x + '\n').join('');
  const sh = (script: string, cwd: string) => execFileSync('bash', ['-c', script], { cwd, env: C_LOCALE, encoding: 'utf8' });

  it('A EXCEPT B, A INTERSECT B, A UNION B, (A EXCEPT B) INTERSECT C and a join match comm -23, comm -12, sort -u and join -t TAB', async () => {
    await fc.assert(
      fc.asyncProperty(hosts, hosts, hosts, pairs, pairs, async (a, b, c, t1, t2) => {
        const tsv = (ps: readonly [string, string][]) => ps.map(([h, v]) => `${h}\t${v}\n`).join('');
        const config = `sources:
  a: { kind: hostlist, path: a, allow_empty: true }
  b: { kind: hostlist, path: b, allow_empty: true }
  c: { kind: hostlist, path: c, allow_empty: true }
  t1: { kind: table, path: t1.tsv, columns: [hostname, rack], host_columns: [hostname], allow_empty: true }
  t2: { kind: table, path: t2.tsv, columns: [hostname, state], host_columns: [hostname], allow_empty: true }
`;
        const { dir, dayDir } = await exportWorkspace(config, {
          a: lines(a),
          b: lines(b),
          c: lines(c),
          't1.tsv': tsv(t1),
          't2.tsv': tsv(t2),
          'queries/a-except-b.sql': 'SELECT hostname FROM a EXCEPT SELECT hostname FROM b\n',
          'queries/a-intersect-b.sql': 'SELECT hostname FROM a INTERSECT SELECT hostname FROM b\n',
          'queries/a-union-b.sql': 'SELECT hostname FROM a UNION SELECT hostname FROM b\n',
          'queries/a-except-b-intersect-c.sql': 'SELECT hostname FROM a EXCEPT SELECT hostname FROM b INTERSECT SELECT hostname FROM c\n',
          'queries/t1-join-t2.sql': 'SELECT t1.hostname, t1.rack, t2.state FROM t1 JOIN t2 ON t2.hostname = t1.hostname\n',
        });
        const exported = (view: string) => readFileSync(join(dayDir, view), 'utf8');
        sh('sort -u a > a.s; sort -u b > b.s; sort -u c > c.s; sort t1.tsv > t1.s; sort t2.tsv > t2.s', dir);
        expect(exported('a-except-b')).toBe(sh('comm -23 a.s b.s', dir));
        expect(exported('a-intersect-b')).toBe(sh('comm -12 a.s b.s', dir));
        expect(exported('a-union-b')).toBe(sh('sort -u a b', dir));
        expect(exported('a-except-b-intersect-c')).toBe(sh('comm -12 <(comm -23 a.s b.s) c.s', dir));
        expect(exported('t1-join-t2')).toBe(sh("join -t $'\\t' t1.s t2.s", dir));
      }),
      { numRuns: 25 },
    );
  });

  it('sorts exactly as LC_ALL=C sort, whatever the bytes', () => {
    const dir = tempDir('bf-sort-');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 5 }).filter((s) => !s.includes('\n') && !s.includes('\0')), { maxLength: 30 }), (xs) => {
        writeFileSync(join(dir, 'x'), lines(xs));
        expect(lines([...xs].sort(compareBytewise))).toBe(sh('sort x', dir));
      }),
      { numRuns: 50 },
    );
  });
});
