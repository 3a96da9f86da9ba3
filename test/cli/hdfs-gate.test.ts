import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from '../helpers/cli.js';
import { reportText, type ReportHealth, type ReportNode } from '../helpers/hdfs-report.js';

/**
 * hdfs-healthy and hdfs-capacity through the CLI: a workspace with two
 * clusters, each with an hdfs dfsadmin -report source, and a drain that lists
 * both invariants. An unhealthy cluster is refused with its cause and
 * numbers while the other drains; stale or missing health fails closed; the
 * capacity rule cuts the plan, with the arithmetic in plan JSON.
 */

const NOW = '2026-11-23T12:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const TB = 1_000_000_000_000;

function nodes(cluster: string, n: number, capacityTb = 48, usedShare = 0.5): ReportNode[] {
  return Array.from({ length: n }, (_, i) => ({
    hostname: `${cluster}-${String(i + 1).padStart(2, '0')}.smf1.example.com`,
    ip: `10.${cluster === 'dwh' ? 1 : 2}.${i % 4}.${10 + i}`,
    rack: `/smf1/r${(i % 4) + 1}`,
    capacity: capacityTb * TB,
    dfsUsed: Math.floor(capacityTb * TB * usedShare),
  }));
}

interface Setup {
  readonly dwh?: { readonly n?: number; readonly health?: ReportHealth; readonly usedShare?: number };
  readonly etl?: { readonly n?: number; readonly health?: ReportHealth; readonly usedShare?: number };
  readonly broken: readonly string[];
  readonly hdfsConfig?: string;
  /** Leave out etl's HDFS source. */
  readonly noEtlSource?: boolean;
}

function workspace(s: Setup): string {
  const dwh = nodes('dwh', s.dwh?.n ?? 10, 48, s.dwh?.usedShare ?? 0.5);
  const etl = nodes('etl', s.etl?.n ?? 4, 24, s.etl?.usedShare ?? 0.5);
  const inventory = [...dwh.map((h, i) => [h, 'dwh', i] as const), ...etl.map((h, i) => [h, 'etl', i] as const)]
    .map(([h, c, i]) => [h.hostname, c, h.rack, `g${(i % 2) + 1}`].join('\t'))
    .join('\n');
  const dir = makeWorkspace({
    'breakfix.yaml': `
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster, rack, data_group] }
  broken: { kind: hostlist, path: inputs/broken, allow_empty: true }
  hdfs-dwh: { kind: hdfs-report, cluster: dwh, path: inputs/hdfs-dwh.report }
${s.noEtlSource === true ? '' : '  hdfs-etl: { kind: hdfs-report, cluster: etl, path: inputs/hdfs-etl.report }'}
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
  thresholds: { candidates_percent: 100 }
${s.hdfsConfig ?? ''}
actions:
  drain:
    candidates: drain-candidates
    spread: rack
    invariants: [inputs-fresh, hdfs-healthy, hdfs-capacity]
    run: ["true", "{hosts_file}"]
`,
    'inputs/inventory.tsv': `${inventory}\n`,
    'inputs/broken': s.broken.map((h) => `${h}\n`).join(''),
    'inputs/hdfs-dwh.report': reportText(dwh, s.dwh?.health),
    'inputs/hdfs-etl.report': reportText(etl, s.etl?.health),
    'queries/drain-candidates.sql': '-- description: broken workers\nSELECT i.hostname, i.cluster, i.rack, i.data_group FROM inventory AS i JOIN broken USING (hostname)\n',
  });
  for (const f of ['inventory.tsv', 'broken', 'hdfs-dwh.report', 'hdfs-etl.report']) utimesSync(join(dir, 'inputs', f), NOW_S - 60, NOW_S - 60);
  return dir;
}

interface PlanJson {
  clusters: { cluster: string; picked: { hostname: string }[]; reason: string | null; hdfs?: { healthy?: string | null; capacity?: Record<string, unknown> | null } }[];
}
const planOf = (dir: string): PlanJson => JSON.parse(readFileSync(join(dir, 'runs', '2026-11-23', 'plan', 'drain.json'), 'utf8')) as PlanJson;
const pass = (dir: string, now = NOW) => runCli(dir, ['pass'], { env: { BREAKFIX_NOW: now } });

describe('hdfs-healthy and hdfs-capacity in a pass', () => {
  it('refuses the cluster with missing blocks, naming the cause and the numbers, and drains the healthy one (exit 3)', () => {
    const dir = workspace({
      dwh: { health: { missing: 12, underReplicated: 40 } },
      broken: ['dwh-01.smf1.example.com', 'dwh-02.smf1.example.com', 'etl-01.smf1.example.com'],
    });
    const r = pass(dir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('  REFUSED: invariant hdfs-healthy failed: dwh: 12 missing blocks\n');
    expect(r.stdout).toMatch(/\n  dwh +\d+ +0 +\d+ +2 +0 +0 +0 +invariant hdfs-healthy failed: dwh: 12 missing blocks\n/);
    expect(r.stdout).toMatch(/\n  etl +\d+ +0 +\d+ +1 +1 +0 +0\n/);
    const plan = planOf(dir);
    expect(plan.clusters.find((c) => c.cluster === 'dwh')).toMatchObject({ picked: [], reason: 'invariant hdfs-healthy failed: dwh: 12 missing blocks', hdfs: { healthy: 'dwh: 12 missing blocks' } });
    expect(plan.clusters.find((c) => c.cluster === 'etl')).toMatchObject({ picked: [{ hostname: 'etl-01.smf1.example.com' }], reason: null, hdfs: { healthy: null } });
    expect(readFileSync(join(dir, 'runs', '2026-11-23', 'plan', 'drain'), 'utf8')).toBe('etl-01.smf1.example.com\tetl\t/smf1/r1\t-\n');
  });

  it('refuses a cluster in safe mode, and one with corrupt blocks or too many under-replicated blocks', () => {
    const dir = workspace({
      dwh: { health: { safeMode: true } },
      etl: { health: { corrupt: 2, underReplicated: 900_000 } },
      broken: ['dwh-01.smf1.example.com', 'etl-01.smf1.example.com'],
    });
    const r = pass(dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  REFUSED: invariant hdfs-healthy failed: dwh: NameNode in safe mode\n');
    expect(r.stdout).toMatch(/ {2}REFUSED: invariant hdfs-healthy failed: etl: 2 blocks with corrupt replicas, 900000 under-replicated blocks, \d+% of ~\d+ blocks \(the live DataNodes' replicas \/ replication 3\) \(max 10%\)\n/);
  });

  it('fails closed on stale health, and on a cluster no HDFS source covers', () => {
    const dir = workspace({ broken: ['dwh-01.smf1.example.com', 'etl-01.smf1.example.com'], noEtlSource: true, hdfsConfig: 'hdfs:\n  max_age: 30m\n' });
    utimesSync(join(dir, 'inputs', 'hdfs-dwh.report'), NOW_S - 3600, NOW_S - 3600);
    const r = pass(dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  REFUSED: invariant hdfs-healthy failed: dwh: health from hdfs-dwh is 1h old (hdfs max_age 30m)\n');
    expect(r.stdout).toContain('  REFUSED: invariant hdfs-healthy failed: etl: no HDFS health: no hdfs-report or hdfs-jmx source has cluster etl\n');
  });

  it('cuts the plan to keep replication + spare live DataNodes, with the arithmetic in plan JSON', () => {
    const dir = workspace({ broken: ['etl-01.smf1.example.com', 'etl-02.smf1.example.com', 'etl-03.smf1.example.com'], etl: { n: 4 } });
    const r = pass(dir);
    expect(r.code, r.stdout).toBe(0);
    const etl = planOf(dir).clusters.find((c) => c.cluster === 'etl')!;
    expect(etl.picked).toHaveLength(1);
    expect(etl.reason).toBe('hdfs-capacity: cut to 1: one more would leave 2 live in-service DataNodes (replication 3 + spare 0 = 3)');
    expect(etl.hdfs!.capacity).toMatchObject({
      source: 'hdfs-etl',
      replication: 3,
      spare: 0,
      min_live: 3,
      min_free_percent: 10,
      live_in_service: 4,
      pending_decommission: 0,
      out_in_service: [],
      after: { live: 3 },
      cut: 2,
    });
    expect(etl.hdfs!.capacity!['basis']).toBe('live in service 4 - 1 = 3 (min 3: replication 3 + spare 0); free 50%, 33% after this plan (min 10%)');
  });

  it('refuses every drain of a cluster that can not spare a DataNode, and says so (exit 3)', () => {
    const dir = workspace({ broken: ['etl-01.smf1.example.com'], etl: { n: 3 } });
    const r = pass(dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  REFUSED: invariant hdfs-capacity failed: etl: taking out a candidate would leave 2 live in-service DataNodes (replication 3 + spare 0 = 3)\n');
  });

  it('cuts on free space: min_free_percent per cluster', () => {
    const dir = workspace({
      broken: ['dwh-01.smf1.example.com', 'dwh-02.smf1.example.com', 'dwh-03.smf1.example.com'],
      dwh: { n: 10, usedShare: 0.7 },
      hdfsConfig: 'hdfs:\n  clusters:\n    dwh: { min_free_percent: 20 }\n',
    });
    const r = pass(dir);
    expect(r.code, r.stdout).toBe(0);
    const dwh = planOf(dir).clusters.find((c) => c.cluster === 'dwh')!;
    // 10 nodes 70% used: 29.9% free; the first drain leaves 22.1%, a second would leave 12.4%.
    expect(dwh.picked).toHaveLength(1);
    expect(dwh.reason).toMatch(/^hdfs-capacity: cut to 1: one more would leave 1[0-9](\.\d+)?% of DFS capacity free \(min 20%\)$/);
  });

  it('re-checks an edited plan at act time: a host added to an unhealthy cluster by hand is not acted on', () => {
    const dir = workspace({ dwh: { health: { missing: 3 } }, broken: [] });
    expect(runCli(dir, ['import', '-q'], { env: { BREAKFIX_NOW: NOW } }).code).toBe(0);
    expect(runCli(dir, ['plan'], { env: { BREAKFIX_NOW: NOW } }).code).toBe(0);
    writeFileSync(join(dir, 'runs', '2026-11-23', 'plan', 'drain'), 'dwh-05.smf1.example.com\tdwh\t/smf1/r1\t-\n');
    const r = runCli(dir, ['act', '--execute'], { env: { BREAKFIX_NOW: NOW } });
    expect(r.stdout).toContain('not acted on: dwh-05.smf1.example.com: invariant hdfs-healthy failed: dwh: 3 missing blocks');
  });
});
