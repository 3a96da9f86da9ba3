import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../src/sim/actions.js';
import type { SimStatus } from '../../src/sim/status.js';

/** The sim CLI as the example workspace runs it: the bundled dist/bundle/sim.js (built by test/global-setup.ts). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'sim.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sim(args: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, BREAKFIX_ACTION: '', BREAKFIX_DAY: '', BREAKFIX_PASS: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function simAsync(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const readLog = (ws: string): ActionRecord[] =>
  readFileSync(join(ws, 'sim', 'actions.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as ActionRecord);

describe('sim CLI', () => {
  let tmp: string;
  let ws: string;
  const hostsOf = (file: string): string[] => readFileSync(join(ws, 'inputs', file), 'utf8').split('\n').filter((l) => l !== '');

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build with npx tsc -p tsconfig.build.json`);
    tmp = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    ws = join(tmp, 'ws');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('init writes the state and every input file', () => {
    const r = sim(['init', '--dir', ws, '--seed', '5', '--hosts', '300']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^initialised 300 hosts, seed 5, now 2026-11-23T00:00:00Z/);
    expect(readdirSync(join(ws, 'inputs')).sort()).toEqual([
      'excluded', 'hdfs-archive.report', 'hdfs-cache-prod.report', 'hdfs-dwh.report', 'hdfs-etl.report', 'inventory.tsv', 'metrics.prom',
      'puppet-failing', 'responsive', 'up.json', 'yarn-archive.txt', 'yarn-cache-prod.txt', 'yarn-dwh.txt', 'yarn-etl.txt',
    ]);
    expect(existsSync(join(ws, 'sim', 'state.json'))).toBe(true);
    expect(hostsOf('inventory.tsv')).toHaveLength(300);
  });

  it('refuses to init over an existing world without --force', () => {
    const r = sim(['init', '--dir', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists: pass --force/);
  });

  it('tick advances the clock that now prints as ISO-8601 UTC', () => {
    expect(sim(['now', '--dir', ws]).stdout).toBe('2026-11-23T00:00:00Z\n');
    const r = sim(['tick', '--dir', ws, '--n', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tick 3, now 2026-11-23T00:30:00Z\n');
    expect(sim(['now', '--dir', ws]).stdout).toBe('2026-11-23T00:30:00Z\n');
  });

  it('drains the hosts of a hosts file, records them with the breakfix invoker, and re-renders', () => {
    const workers = hostsOf('inventory.tsv').map((l) => l.split('\t')).filter((f) => f[3] === 'hadoop-worker' && f[6] === 'managed' && f[2] === 'dwh').map((f) => f[0]!);
    const file = join(tmp, 'plan.hosts');
    writeFileSync(file, `${workers[0]}\n${workers[1]}\n`);
    const r = sim(['drain', '--dir', ws, '--hosts-file', file], { BREAKFIX_ACTION: 'drain', BREAKFIX_DAY: '2026-11-23', BREAKFIX_PASS: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('drain #1: 2 applied\n');
    const excluded = readFileSync(join(ws, 'inputs', 'excluded'), 'utf8');
    expect(excluded).toContain(workers[0]);
    expect(excluded).toContain(workers[1]);
    const log = readLog(ws);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ seq: 1, tick: 3, action: 'drain', host: workers[0], outcome: 'applied', invoker: { action: 'drain', day: '2026-11-23', pass: '1' } });
    expect(readFileSync(join(ws, 'inputs', 'hdfs-dwh.report'), 'utf8')).toContain('Decommission Status : Decommission in progress');
  });

  it('status counts per cluster, as a table and as JSON', () => {
    const table = sim(['status', '--dir', ws]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^sim seed 5, tick 3, now 2026-11-23T00:30:00Z, 300 hosts, 1 action invocation\ncluster +hosts +workers +in-service +decommissioning/);
    const st = JSON.parse(sim(['status', '--dir', ws, '--json']).stdout) as SimStatus;
    expect(st.total.hosts).toBe(300);
    expect(st.clusters.map((c) => c.cluster)).toEqual(['archive', 'cache-prod', 'dwh', 'etl', 'zookeeper']);
    expect(st.clusters.find((c) => c.cluster === 'dwh')!.outByActions).toBe(2);
    expect(st.total.decommissioning).toBeGreaterThanOrEqual(2);
  });

  it('exits 1 for an unknown hostname, names it on stderr and changes nothing', () => {
    const before = readFileSync(join(ws, 'sim', 'state.json'), 'utf8');
    const r = sim(['rekick', '--dir', ws, '--host', 'dn9999.smf1.example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown host: dn9999\.smf1\.example\.com/);
    const after = JSON.parse(readFileSync(join(ws, 'sim', 'state.json'), 'utf8')) as { hosts: unknown };
    expect(JSON.stringify(after.hosts)).toBe(JSON.stringify((JSON.parse(before) as { hosts: unknown }).hosts));
    expect(readLog(ws).at(-1)).toMatchObject({ action: 'rekick', host: 'dn9999.smf1.example.com', known: false, outcome: 'rejected' });
  });

  it('warns on stderr about a rekick of a host HDFS has in service, and still exits 0', () => {
    const inService = hostsOf('responsive').find((h) => h.startsWith('dn') && !readFileSync(join(ws, 'inputs', 'excluded'), 'utf8').includes(h))!;
    const r = sim(['rekick', '--dir', ws, '--host', inService]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/VIOLATION .*in service/);
    expect(readLog(ws).at(-1)!.violation).toMatch(/in service/);
    expect(hostsOf('responsive')).not.toContain(inService);
  });

  it('serialises concurrent action commands: every one is applied and recorded', async () => {
    const candidates = hostsOf('inventory.tsv').map((l) => l.split('\t')).filter((f) => f[3] === 'hadoop-worker' && f[6] === 'managed' && f[2] === 'dwh').map((f) => f[0]!).slice(5, 9);
    const before = readLog(ws).length;
    const runs = await Promise.all(candidates.map((h) => simAsync(['drain', '--dir', ws, '--host', h])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const added = readLog(ws).slice(before);
    expect(added.map((r) => r.host).sort()).toEqual([...candidates].sort());
    expect(new Set(added.map((r) => r.seq)).size).toBe(4);
    const excluded = readFileSync(join(ws, 'inputs', 'excluded'), 'utf8');
    for (const h of candidates) expect(excluded).toContain(h);
    expect(existsSync(join(ws, 'sim', '.lock'))).toBe(false);
  });

  it('exits 2 for a wrong command line and for missing host options', () => {
    expect(sim(['tick', '--dir', ws, '--n', 'many']).code).toBe(2);
    const both = sim(['drain', '--dir', ws]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --host NAME or --hosts-file FILE/);
  });

  it('says to run init first when there is no world', () => {
    const r = sim(['status', '--dir', join(tmp, 'empty')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no sim state here; run "sim init/);
  });

  it('configure changes the action failure probability, and a failed action exits 1 and changes nothing', () => {
    expect(sim(['configure', '--dir', ws, '--action-fail', '1']).code).toBe(0);
    const h = hostsOf('responsive').find((x) => x.startsWith('dn'))!;
    const r = sim(['release', '--dir', ws, '--host', h]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/simulated failure/);
    expect(readLog(ws).at(-1)).toMatchObject({ action: 'release', outcome: 'failed' });
  });
});
