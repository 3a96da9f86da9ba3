import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutputs, describeMismatch } from '../../bench/compare-outputs.js';
import { BENCH_VIEWS, generateWorkspace, installWorkspaceFiles } from '../../bench/generate.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * The benchmark's correctness half, at a size a test can afford: the seeded
 * generator is deterministic, and breakfix, the sqlite3 CLI script and the
 * sort/comm/join pipeline compute byte-identical files for the seven views.
 * (Timings are the benchmark's business; no test looks at them.)
 */

const HOSTS = 2000;

function sh(cwd: string, argv: string[], input?: Buffer): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, input, encoding: 'buffer', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
}

function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

describe('bench generator', () => {
  it('writes the same bytes for the same seed, and a different fleet for another seed', () => {
    const a = generateWorkspace({ hosts: 500, seed: 3, out: tempDir('bf-gen-a-'), metricsVariant: true });
    const b = generateWorkspace({ hosts: 500, seed: 3, out: tempDir('bf-gen-b-'), metricsVariant: true });
    const c = generateWorkspace({ hosts: 500, seed: 4, out: tempDir('bf-gen-c-') });
    const fa = filesOf(a.dir);
    const fb = filesOf(b.dir);
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name)!), name).toBe(true);
    expect(readFileSync(join(c.dir, 'inputs', 'inventory.tsv')).equals(fa.get('inputs/inventory.tsv')!)).toBe(false);
    expect(a.rows['inventory.tsv']).toBe(500);
    expect(a.rows['metrics.tsv']).toBe(5000);
  });

  it('writes inventory rows of 11 TAB-separated fields with - for empty ones, and lists that overlap', () => {
    const ws = generateWorkspace({ hosts: 1000, seed: 1, out: tempDir('bf-gen-') });
    const inventory = readFileSync(join(ws.dir, 'inputs', 'inventory.tsv'), 'utf8').trimEnd().split('\n');
    expect(new Set(inventory.map((l) => l.split('\t').length))).toEqual(new Set([11]));
    expect(inventory.some((l) => l.split('\t').includes('-'))).toBe(true);
    const list = (name: string) => new Set(readFileSync(join(ws.dir, 'inputs', name), 'utf8').trimEnd().split('\n'));
    const excluded = list('excluded');
    const decommissioned = list('decommissioned');
    expect([...excluded].some((h) => decommissioned.has(h))).toBe(true);
    // Some listed hosts are not in the inventory (retired machines): the unmatched counts have something to count.
    const known = new Set(inventory.map((l) => l.split('\t')[0]!));
    expect([...list('retired')].some((h) => !known.has(h))).toBe(true);
  });
});

describe('the seven views computed three ways', () => {
  for (const queries of ['exists', 'compound'] as const) {
    it(`are byte-identical from breakfix (${queries} queries), the sqlite3 CLI and the shell pipeline`, () => {
      const ws = generateWorkspace({ hosts: HOSTS, seed: 11, out: tempDir('bf-bench-'), metricsVariant: true, queries });
      sh(ws.dir, ['sh', 'pipeline.sh', 'inputs', 'out-shell', 'tmp-shell']);
      mkdirSync(join(ws.dir, 'out-sqlite'), { recursive: true });
      sh(ws.dir, ['sqlite3', join(ws.dir, 'views.db')], readFileSync(join(ws.dir, 'views.sqlite.sql')));
      const pass = runCli(ws.dir, ['pass'], { env: { BREAKFIX_NOW: ws.now } });
      expect(pass.stderr).toBe('');
      expect(pass.code).toBe(0);

      const mismatches = compareOutputs(BENCH_VIEWS, {
        shell: join(ws.dir, 'out-shell'),
        sqlite3: join(ws.dir, 'out-sqlite'),
        breakfix: join(ws.dir, 'runs', ws.now.slice(0, 10)),
      });
      expect(mismatches.map(describeMismatch)).toEqual([]);
      // Every view has rows at this size: an empty file would make the comparison vacuous.
      for (const view of BENCH_VIEWS) expect(readFileSync(join(ws.dir, 'out-shell', view)).length, view).toBeGreaterThan(0);
    });
  }

  it('still agree after only the metrics change (the repeat pass the benchmark times)', () => {
    const ws = generateWorkspace({ hosts: HOSTS, seed: 12, out: tempDir('bf-bench-'), metricsVariant: true });
    expect(runCli(ws.dir, ['pass'], { env: { BREAKFIX_NOW: ws.now } }).code).toBe(0);
    rmSync(join(ws.dir, 'inputs', 'metrics.tsv'));
    sh(ws.dir, ['cp', 'metrics-v1.tsv', 'inputs/metrics.tsv']);
    installWorkspaceFiles(ws.dir, 'exists');
    const pass = runCli(ws.dir, ['pass', '--json'], { env: { BREAKFIX_NOW: ws.now } });
    expect(pass.code).toBe(0);
    const summary = JSON.parse(pass.stdout) as { imports: { source: string; status: string }[] };
    expect(summary.imports.filter((i) => i.status === 'ok').map((i) => i.source)).toEqual(['metrics']);
    sh(ws.dir, ['sh', 'pipeline.sh', 'inputs', 'out-shell', 'tmp-shell']);
    const mismatches = compareOutputs(BENCH_VIEWS, { shell: join(ws.dir, 'out-shell'), breakfix: join(ws.dir, 'runs', ws.now.slice(0, 10)) });
    expect(mismatches.map(describeMismatch)).toEqual([]);
  });
});
