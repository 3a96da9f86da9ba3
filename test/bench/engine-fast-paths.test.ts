import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionConfig } from '../../src/config/schema.js';
import { BatchInserter } from '../../src/db/bulk-insert.js';
import { ParseError } from '../../src/errors.js';
import { writeViewFile } from '../../src/export/write-view.js';
import { normalizeHost, type HostOptions } from '../../src/hosts/hostname.js';
import { DEFAULT_HOST_OPTIONS } from '../../src/hosts/hostname.js';
import { populationOf, readPopulationSizes } from '../../src/pass/gather.js';
import { planHost } from '../../src/pass/plan-hosts.js';
import { HostNormalizer } from '../../src/sources/host-normalizer.js';
import { readLines } from '../../src/sources/line-reader.js';
import { tempDir } from '../helpers/cli.js';
import { TestWorkspace } from '../helpers/import.js';

/**
 * The fast paths added for the benchmarks (docs/benchmarks.md) must give
 * exactly what the general code gives: same rows, same errors, same files.
 * Each test here runs both and compares.
 */

describe('HostNormalizer fast path', () => {
  const optionSets: HostOptions[] = [
    { lowercase: true, stripPort: true },
    { lowercase: false, stripPort: false, qualify: '.x.example.com' },
    { lowercase: true, stripPort: true, qualify: 'smf1.example.com' },
  ];
  const outcome = (f: () => string) => {
    try {
      return f();
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  };

  it('returns what normalizeHost returns (or fails the same way) for any token', () => {
    const char = fc.constantFrom(...'abcXYZ0129-.:_[] #'.split(''));
    const token = fc.oneof(
      fc.array(char, { maxLength: 24 }).map((a) => a.join('')),
      fc.constantFrom('dn1.smf1.example.com', '10.1.2.3', '1.2.3', 'a.b-', 'a-.b.c', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'x.y.'),
    );
    fc.assert(
      fc.property(token, fc.nat(optionSets.length - 1), (raw, o) => {
        const opts = optionSets[o]!;
        const r = normalizeHost(raw, opts);
        const expected = r.ok ? r.hostname : `error: ${new ParseError(r.problem, 7).message}`;
        expect(outcome(() => new HostNormalizer(opts).normalize(raw, 7))).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('remembers distinct hosts as copies, when asked', () => {
    const n = new HostNormalizer({ lowercase: true, stripPort: true }, { collectDistinct: true });
    for (const h of ['a.x.com', 'a.x.com', 'B.x.com:9100', 'a.x.com']) n.normalize(h, 1);
    expect([...n.distinct!].sort()).toEqual(['a.x.com', 'b.x.com']);
  });
});

describe('specialised metrics TSV loader', () => {
  let tw: TestWorkspace | undefined;
  afterEach(async () => {
    await tw?.close();
    tw = undefined;
  });

  // Lines the fast path takes as they are, and lines it hands to the generic parser.
  const LINES = [
    '1795392000\tdn1.smf1.example.com\tup\t1',
    '1795392000\tdn1.smf1.example.com\tnode_load1\t25.95',
    '1795392000\tDN2.smf1.example.com:9100\tup\t0',
    '1795392000.781\tdn3.smf1.example.com\tup\t-0',
    '1795392000781\tdn3.smf1.example.com\tnode_load1\t1e3',
    '2026-11-23T00:01:00Z\tdn3.smf1.example.com\tnode_load1\t+Inf',
    '1795392060\tdn4.smf1.example.com\tup\tNaN',
    '1795392060\tdn4.smf1.example.com\tnode_load1\t .5 ',
    '',
    '   ',
    '1795392060\tdn5.smf1.example.com\tnode_load1\t0.1234567890123456789\r',
    '1795392060\tdn5.smf1.example.com\tnode_load1\t-12.50',
  ];

  async function load(fast: string[], asHeaderless: boolean): Promise<{ rows: Record<string, unknown>[]; error: string | null }> {
    const header = 'timestamp\thostname\tmetric\tvalue';
    const text = asHeaderless ? fast.join('\n') + '\n' : [header, ...fast].join('\n') + '\n';
    tw = new TestWorkspace(
      `sources:\n  metrics: { kind: metrics, format: tsv, path: m.tsv${asHeaderless ? '' : ', header: true'} }\n`,
      { 'm.tsv': text },
    );
    const [report] = await tw.import();
    const rows = await tw.rows('SELECT ts, hostname, metric, value, value_text, labels, _line, _path FROM metric_samples ORDER BY rowid');
    const hosts = await tw.rows('SELECT source, hostname FROM metric_hosts ORDER BY hostname');
    await tw.close();
    return {
      rows: [...rows.map((r) => ({ ...r, _line: (r['_line'] as number) - (asHeaderless ? 0 : 1) })), ...hosts],
      error: report!.error === null ? null : report!.error.replace(/:(\d+):/, (_m, n: string) => `:${Number(n) - (asHeaderless ? 0 : 1)}:`),
    };
  }

  it('loads the same rows as the generic parser', async () => {
    const fast = await load(LINES, true);
    const generic = await load(LINES, false);
    expect(fast.error).toBeNull();
    expect(fast.rows).toEqual(generic.rows);
    expect(fast.rows.length).toBeGreaterThan(10);
  });

  for (const bad of [
    '1795392000\tdn1.smf1.example.com\tup\t1\textra',
    '1795392000\tdn1.smf1.example.com\t\t1',
    '1795392000\tdn1.smf1.example.com\tup\tone',
    'yesterday\tdn1.smf1.example.com\tup\t1',
    '1795392000\tdn_1.example.com\tup\t1',
    '1795392000\tdn_1.example.com\tup\tone',
  ]) {
    it(`fails with the generic parser's error on ${JSON.stringify(bad)}`, async () => {
      const fast = await load([LINES[0]!, bad], true);
      const generic = await load([LINES[0]!, bad], false);
      expect(fast.error).not.toBeNull();
      expect(fast.error!.replace(/^.*m\.tsv/, 'm.tsv')).toBe(generic.error!.replace(/^.*m\.tsv/, 'm.tsv'));
    });
  }
});

describe('readLines without per-chunk copies', () => {
  async function lines(content: Buffer): Promise<[string, number][]> {
    const file = join(tempDir('bf-lines-'), 'f');
    writeFileSync(file, content);
    const out: [string, number][] = [];
    await readLines(file, (t, l) => out.push([t, l]));
    return out;
  }
  function reference(content: Buffer): [string, number][] {
    let text = content.toString('utf8');
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    if (text === '') return [];
    const parts = text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts.map((p, i) => [p.endsWith('\r') ? p.slice(0, -1) : p, i + 1]);
  }

  it('reads a line longer than the read buffer, lines across buffer ends, and a last line without newline', async () => {
    const long = 'x'.repeat(9 * 1024 * 1024);
    const content = Buffer.from(`\uFEFFfirst\r\n${long}\nhôst-✓\r\n${'y'.repeat(4 * 1024 * 1024 - 3)}\nlast`);
    expect(await lines(content)).toEqual(reference(content));
  });

  it('reads a BOM-only file and a file of one unterminated line', async () => {
    expect(await lines(Buffer.from('\uFEFF'))).toEqual([]);
    expect(await lines(Buffer.from('\uFEFFonly'))).toEqual([['only', 1]]);
  });
});

describe('population sizes counted by SQLite, membership of the hosts asked about', () => {
  /**
   * The row-by-row reading of the whole population it replaced; clusters in SQLite's text form, as the planner
   * reads every view; hostnames normalised as imports normalise them, those that cannot be left out.
   */
  function reference(db: Database.Database, view: string): Map<string, Set<string>> {
    const m = new Map<string, Set<string>>();
    for (const r of db.prepare(`SELECT hostname, CAST(cluster AS TEXT) AS cluster FROM ${view}`).all() as Record<string, unknown>[]) {
      const c = r['cluster'] === null || r['cluster'] === undefined ? null : String(r['cluster']);
      const h = planHost(r['hostname'] === null || r['hostname'] === undefined ? null : String(r['hostname']), DEFAULT_HOST_OPTIONS);
      if (c === null || !h.ok) continue;
      if (!m.has(c)) m.set(c, new Set());
      m.get(c)!.add(h.hostname);
    }
    return m;
  }

  it('gives the same clusters, sizes and text members, odd values included', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (hostname, cluster);
      INSERT INTO t VALUES ('a.x', 'c1'), ('b.x', 'c1'), ('a.x', 'c1'), ('a.x', 'c2'), (NULL, 'c3'), ('z.x', NULL),
        ('', 'c4'), ('n1', 1), ('n2', '1'), ('line' || char(10) || 'break', 'c5'), ('ok.x', 'c5'), (2, 'c6'), ('w.x', 1.0),
        ('A.X:9866', 'c1'), ('B.x.', 'c7'), ('fe80::1%eth0', 'c7');
      CREATE VIEW pop AS SELECT hostname, cluster FROM t;`);
    const action = { name: 'a', population: 'pop' } as unknown as ActionConfig;
    const expected = reference(db, 'pop');
    const hosts = ['a.x', 'b.x', 'z.x', 'n1', 'n2', 'ok.x', '2', 'w.x', 'absent.x'];
    const sizes = readPopulationSizes(db, action, DEFAULT_HOST_OPTIONS);
    const got = populationOf(db, sizes, hosts, DEFAULT_HOST_OPTIONS);
    expect(sizes.invalidCount).toBe(4);
    expect(sizes.invalid.map((r) => [r.cluster, r.value])).toEqual([
      ['c3', null],
      ['c4', ''],
      ['c5', 'line\nbreak'],
      ['c7', 'fe80::1%eth0'],
    ]);
    expect(Object.fromEntries([...got].map(([c, s]) => [c, s.size]).sort())).toEqual(Object.fromEntries([...expected].map(([c, s]) => [c, s.size]).sort()));
    // A hostname the view gives as a number counts towards the size, but is no host's: membership fails closed.
    const numeric = new Set(['2']);
    for (const [cluster, set] of got) for (const h of hosts) expect(set.has(h), `${cluster} has ${h}`).toBe(expected.get(cluster)!.has(h) && !numeric.has(h));
  });

  it('refuses a question about a host it was not given: a caller bug, not a host outside the population', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (hostname, cluster); INSERT INTO t VALUES ('a.x', 'c1'); CREATE VIEW pop AS SELECT hostname, cluster FROM t;`);
    const got = populationOf(db, readPopulationSizes(db, { name: 'a', population: 'pop' } as unknown as ActionConfig, DEFAULT_HOST_OPTIONS), ['b.x'], DEFAULT_HOST_OPTIONS);
    expect(got.get('c1')!.has('b.x')).toBe(false);
    expect(() => got.get('c1')!.has('a.x')).toThrow('population of c1 asked about a.x, which was not gathered');
  });
});

describe('view export in index order', () => {
  function sortedByC(file: string): string {
    return execFileSync('sort', [file], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
  }

  it('writes LC_ALL=C order whether the index order is bytewise (hostnames) or not (integers)', () => {
    const dir = tempDir('bf-export-');
    const db = new Database(join(dir, 'db'));
    db.exec(`CREATE TABLE k (hostname TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
      CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT);
      CREATE VIEW by_host AS SELECT hostname, n FROM k;
      CREATE VIEW by_id AS SELECT id, name FROM r;`);
    const ins = db.prepare('INSERT INTO k VALUES (?, ?)');
    const insR = db.prepare('INSERT INTO r VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        ins.run(`h${(i * 7919) % 3000}.x.com`, i);
        insR.run(i, `n${i}`);
      }
    })();
    for (const view of ['by_host', 'by_id']) {
      const file = join(dir, view);
      const written = writeViewFile(db, view, file);
      expect(written.rows).toBe(3000);
      expect(readFileSync(file, 'utf8')).toBe(sortedByC(file));
    }
  });
});

describe('BatchInserter', () => {
  it('writes constants as literals and counts what INSERT OR IGNORE actually inserted', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (hostname TEXT PRIMARY KEY, source TEXT, n INTEGER, gone) WITHOUT ROWID');
    const ins = new BatchInserter(db, 't', ['hostname', 'n'], { verb: 'INSERT OR IGNORE', constants: [['source', "it's"], ['gone', null]] });
    for (let i = 0; i < 1000; i++) ins.push([`h${i % 700}`, i]);
    expect(ins.flush()).toBe(1000);
    expect(ins.inserted).toBe(700);
    expect(db.prepare("SELECT count(*) AS n FROM t WHERE source = 'it''s' AND gone IS NULL").get()).toEqual({ n: 700 });
    expect(db.prepare("SELECT n FROM t WHERE hostname = 'h5'").get()).toEqual({ n: 5 });
  });
});
