import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { hadoopOutputSkeleton } from '../helpers/hadoop-fixtures.js';
import { MiniCluster, operatorBin, waitFor, type DatanodeTruth, type Host, type NodeManagerTruth } from './mini-cluster.js';

/**
 * Each real output imported, row by row against what the cluster itself
 * holds. The cluster is driven (as an operator drives one: the JSON hosts
 * file, the YARN exclude file, -refreshNodes) into every state breakfix's
 * tables name: In Service, Decommission In Progress, Decommissioned,
 * Entering Maintenance, In Maintenance, dead, an include entry that never
 * registered; YARN RUNNING, DECOMMISSIONED, LOST.
 *
 * The captures are also test/fixtures/hadoop-3.4.1/ (what npm test checks
 * the simulator and the parsers against, without Java): this test checks
 * they still have the shape of what the cluster prints, and
 * BREAKFIX_UPDATE_HADOOP_FIXTURES=1 rewrites them.
 */

const FIXTURES = join(ROOT, 'test', 'fixtures', 'hadoop-3.4.1');
const HOSTS: Host[] = [1, 2, 3, 4, 5, 6].map((i) => ({ name: `dn0${i}.hadoop.test`, rack: `/dc1/r${Math.ceil(i / 2)}` }));
const GHOST = 'dn07.hadoop.test';
/** Maintenance that outlasts the test (epoch ms, 2100-01-01). */
const FOREVER = 4102444800000;

const ADMIN: Record<string, string> = {
  'In Service': 'in-service',
  'Decommission In Progress': 'decommissioning',
  Decommissioned: 'decommissioned',
  'Entering Maintenance': 'entering-maintenance',
  'In Maintenance': 'in-maintenance',
};

let dir: string;
let conf: string;
let path: string;
let cluster: MiniCluster;
const captured: Record<string, string> = {};
let truth: { datanodes: DatanodeTruth[]; nodemanagers: NodeManagerTruth[] };

function run(argv: readonly string[], mergeStderr = false): string {
  if (mergeStderr) {
    // `cmd 2>&1`: both streams into one file, in the order written.
    const file = join(dir, `out-${Date.now()}`);
    const fd = openSync(file, 'w');
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env: { ...process.env, PATH: path }, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    expect(r.status, argv.join(' ')).toBe(0);
    return readFileSync(file, 'utf8');
  }
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env: { ...process.env, PATH: path }, encoding: 'utf8' });
  expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

function refreshHdfs(): void {
  run(['hdfs', '--config', conf, 'dfsadmin', '-refreshNodes']);
}

/** Rewrite the combined hosts file (as an operator does) and make the NameNode read it. */
function setAdminStates(states: Record<string, { adminState: string; maintenanceExpireTimeInMS?: number }>): void {
  const file = join(conf, 'dfs.hosts.json');
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { hostName: string }[]).map((e) => ({ hostName: e.hostName, ...states[e.hostName] }));
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
  refreshHdfs();
}

async function adminStateOf(host: string): Promise<string | undefined> {
  return (await cluster.truth()).datanodes.find((d) => d.hostname === host && d.registered)?.adminState;
}

async function waitAdmin(host: string, state: string): Promise<void> {
  await waitFor(`${host} ${state}`, async () => ((await adminStateOf(host)) === state ? true : undefined), 90_000);
}

beforeAll(async () => {
  dir = tempDir('bf-hadoop-import-');
  conf = join(dir, 'hadoop-conf');
  cluster = await MiniCluster.start({ dir: join(dir, 'mini'), confDir: conf, hosts: HOSTS, ghosts: [GHOST], hostsProvider: 'json' });
  path = `${operatorBin(join(dir, 'bin'))}:${process.env['PATH'] ?? ''}`;

  // Decommissioned (live); dead (in service); In Maintenance.
  setAdminStates({ 'dn05.hadoop.test': { adminState: 'DECOMMISSIONED' } });
  await waitAdmin('dn05.hadoop.test', 'Decommissioned');
  await cluster.down('dn06.hadoop.test');
  setAdminStates({ 'dn05.hadoop.test': { adminState: 'DECOMMISSIONED' }, 'dn03.hadoop.test': { adminState: 'IN_MAINTENANCE', maintenanceExpireTimeInMS: FOREVER } });
  await waitAdmin('dn03.hadoop.test', 'In Maintenance');
  // A block wanting 6 replicas with 3 DataNodes to hold them: a drain of one
  // of them can never finish, nor can maintenance (the mini cluster wants 2
  // live replicas on in-service nodes, dfs.namenode.maintenance.replication.min,
  // and only one is left); they stay in progress.
  await cluster.send('write-file /breakfix/hold 6 1');
  setAdminStates({
    'dn05.hadoop.test': { adminState: 'DECOMMISSIONED' },
    'dn03.hadoop.test': { adminState: 'IN_MAINTENANCE', maintenanceExpireTimeInMS: FOREVER },
    'dn01.hadoop.test': { adminState: 'DECOMMISSIONED' },
    'dn02.hadoop.test': { adminState: 'IN_MAINTENANCE', maintenanceExpireTimeInMS: FOREVER },
  });
  await waitAdmin('dn01.hadoop.test', 'Decommission In Progress');
  await waitAdmin('dn02.hadoop.test', 'Entering Maintenance');
  // YARN: dn05 and the ghost excluded, dn06 lost.
  writeFileSync(join(conf, 'yarn.exclude'), `dn05.hadoop.test\n${GHOST}\n`);
  run(['yarn', '--config', conf, 'rmadmin', '-refreshNodes']);
  await waitFor('the NameNode and ResourceManager to see dn06 gone', async () => {
    const t = await cluster.truth();
    const dn = t.datanodes.find((d) => d.hostname === 'dn06.hadoop.test');
    const nm = t.nodemanagers.find((n) => n.hostname === 'dn06.hadoop.test');
    const nm5 = t.nodemanagers.find((n) => n.hostname === 'dn05.hadoop.test');
    return dn?.live === false && nm?.state === 'LOST' && nm5?.state === 'DECOMMISSIONED' ? true : undefined;
  }, 90_000);
  // A stuck drain must still be stuck when the outputs are taken.
  await new Promise((r) => setTimeout(r, 3000));

  const before = await cluster.truth();
  captured['dfsadmin-report.txt'] = run(['hdfs', '--config', conf, 'dfsadmin', '-report']);
  captured['nn-jmx.json'] = run(['curl', '-sSf', '--config', join(conf, 'nn-jmx.curlrc')]);
  captured['yarn-node-list-all.txt'] = run(['yarn', '--config', conf, 'node', '-list', '-all']);
  captured['yarn-node-list-all-2>&1.txt'] = run(['yarn', '--config', conf, 'node', '-list', '-all'], true);
  captured['rm-nodes.json'] = run(['curl', '-sSf', '--config', join(conf, 'rm-nodes.curlrc')]);
  captured['dfs.hosts.json'] = readFileSync(join(conf, 'dfs.hosts.json'), 'utf8');
  truth = await cluster.truth();
  // Nothing moved while the outputs were taken (last-contact times aside).
  const states = (t: typeof truth) => [
    ...t.datanodes.map((d) => `${d.hostname} ${d.adminState} ${d.live}`).sort(),
    ...t.nodemanagers.map((n) => `${n.nodeId} ${n.state}`).sort(),
  ];
  expect(states(truth)).toEqual(states(before));
  captured['truth.json'] = `${JSON.stringify(
    {
      datanodes: truth.datanodes.map(({ hostname, ip, xferPort, rack, adminState, live, registered }) => ({ hostname, ip, xferPort, rack, adminState, live, registered })),
      nodemanagers: truth.nodemanagers.map(({ nodeId, hostname, state, rack, active }) => ({ nodeId, hostname, state, rack, active })),
    },
    null,
    2,
  )}\n`;
  if (process.env['BREAKFIX_UPDATE_HADOOP_FIXTURES'] === '1') {
    mkdirSync(FIXTURES, { recursive: true });
    for (const [name, text] of Object.entries(captured)) writeFileSync(join(FIXTURES, name), text);
  }
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

/** Import the captured outputs into a workspace and return its state.db. */
function importCaptures(): Database.Database {
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, 'inputs'), { recursive: true });
  for (const [name, text] of Object.entries(captured)) writeFileSync(join(ws, 'inputs', name), text);
  const inventory = ['hostname\tcluster\track\trole', ...[...HOSTS.map((h) => h.name), GHOST].map((h) => `${h}\tmini\t-\tworker`)].join('\n');
  writeFileSync(join(ws, 'inventory.tsv'), `${inventory}\n`);
  writeFileSync(
    join(ws, 'breakfix.yaml'),
    [
      'sources:',
      '  inventory: { kind: inventory, path: inventory.tsv, header: true }',
      '  hdfs: { kind: hdfs-report, cluster: mini, path: inputs/dfsadmin-report.txt }',
      '  jmx: { kind: hdfs-jmx, cluster: mini, path: inputs/nn-jmx.json }',
      '  hosts-json: { kind: hdfs-hosts, cluster: mini, path: inputs/dfs.hosts.json }',
      '  yarn: { kind: yarn-nodes, cluster: mini, path: inputs/yarn-node-list-all.txt }',
      '  rm: { kind: yarn-rest, cluster: mini, path: inputs/rm-nodes.json }',
      '',
    ].join('\n'),
  );
  const r = runCli(ws, ['import']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  const day = r.stdout.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? new Date().toISOString().slice(0, 10);
  const db = join(ws, 'runs', day, 'state.db');
  expect(existsSync(db), r.stdout).toBe(true);
  return new Database(db, { readonly: true });
}

describe('real outputs imported into breakfix tables', () => {
  it('the cluster is in every state the tables name', () => {
    const states = new Set(truth.datanodes.map((d) => `${d.adminState}${d.live ? '' : ' dead'}${d.registered ? '' : ' unregistered'}`));
    expect([...states].sort()).toEqual(
      ['Decommission In Progress', 'Decommissioned', 'Entering Maintenance', 'In Maintenance', 'In Service', 'In Service dead', 'In Service dead unregistered'].sort(),
    );
    expect(new Set(truth.nodemanagers.map((n) => n.state))).toEqual(new Set(['RUNNING', 'DECOMMISSIONED', 'LOST']));
  });

  it('hdfs_datanodes holds what the NameNode holds, from the report and from JMX alike', () => {
    const db = importCaptures();
    const expected = truth.datanodes
      .map((d) => ({
        hostname: d.hostname,
        ip: d.ip,
        // The NameNode's fake descriptor for a never-registered include entry has the default port.
        xfer_port: d.xferPort,
        rack: d.registered ? d.rack : null,
        admin_state: ADMIN[d.adminState],
        live: d.live ? 1 : 0,
        registered: d.registered ? 1 : 0,
      }))
      .sort((a, b) => (a.hostname < b.hostname ? -1 : 1));
    for (const source of ['hdfs', 'jmx']) {
      const rows = db
        .prepare(`SELECT hostname, ip, xfer_port, rack, admin_state, live, registered FROM hdfs_datanodes WHERE source = ? ORDER BY hostname`)
        .all(source) as Record<string, unknown>[];
      if (source === 'jmx') {
        // JMX cannot tell an include entry that never registered from a dead
        // DataNode (DeadNodes holds both, alike): every row says registered.
        expect(rows.map(({ registered: _, ...r }) => r), source).toEqual(expected.map(({ registered: _, ...r }) => r));
        expect(rows.every((r) => r['registered'] === 1)).toBe(true);
      } else {
        expect(rows, source).toEqual(expected);
      }
    }
    db.close();
  });

  it('hdfs_hosts holds the combined hosts file as written', () => {
    const db = importCaptures();
    const rows = db.prepare(`SELECT hostname, admin_state, maintenance_expires FROM hdfs_hosts ORDER BY hostname`).all();
    const file = JSON.parse(captured['dfs.hosts.json']!) as { hostName: string; adminState?: string; maintenanceExpireTimeInMS?: number }[];
    const state: Record<string, string> = { NORMAL: 'in-service', DECOMMISSIONED: 'decommissioned', IN_MAINTENANCE: 'in-maintenance' };
    expect(rows).toEqual(
      file.map((e) => ({
        hostname: e.hostName,
        admin_state: state[e.adminState ?? 'NORMAL'],
        maintenance_expires: e.maintenanceExpireTimeInMS === undefined ? null : Math.floor(e.maintenanceExpireTimeInMS / 1000),
      })),
    );
    db.close();
  });

  it('yarn_nodes holds what the ResourceManager holds, from yarn node -list and from REST alike', () => {
    const db = importCaptures();
    const expected = truth.nodemanagers.map((n) => ({ node_id: n.nodeId, hostname: n.hostname, state: n.state })).sort((a, b) => (a.node_id < b.node_id ? -1 : 1));
    for (const source of ['yarn', 'rm']) {
      const rows = db.prepare(`SELECT node_id, hostname, state FROM yarn_nodes WHERE source = ? ORDER BY node_id`).all(source);
      expect(rows, source).toEqual(expected);
    }
    const racks = db.prepare(`SELECT node_id, rack FROM yarn_nodes WHERE source = 'rm' ORDER BY node_id`).all() as { node_id: string; rack: string | null }[];
    const truthRacks = new Map(truth.nodemanagers.map((n) => [n.nodeId, n.rack]));
    for (const r of racks) expect(r.rack, r.node_id).toBe(truthRacks.get(r.node_id));
    // One current row per host, and it is the active one where the host has one.
    const current = db.prepare(`SELECT source, hostname, node_id FROM yarn_nodes WHERE current = 1 ORDER BY source, hostname`).all() as { source: string; hostname: string; node_id: string }[];
    for (const source of ['yarn', 'rm']) {
      const mine = current.filter((c) => c.source === source);
      expect(new Set(mine.map((c) => c.hostname)).size).toBe(mine.length);
      for (const c of mine) {
        const active = truth.nodemanagers.find((n) => n.hostname === c.hostname && n.active);
        if (active !== undefined) expect(c.node_id, `${source} ${c.hostname}`).toBe(active.nodeId);
      }
    }
    db.close();
  });

  it('test/fixtures/hadoop-3.4.1 has the shape of what the cluster prints (BREAKFIX_UPDATE_HADOOP_FIXTURES=1 rewrites it)', () => {
    for (const name of ['dfsadmin-report.txt', 'yarn-node-list-all.txt', 'yarn-node-list-all-2>&1.txt', 'nn-jmx.json', 'rm-nodes.json']) {
      const fixture = readFileSync(join(FIXTURES, name), 'utf8');
      expect(hadoopOutputSkeleton(name, captured[name]!), name).toEqual(hadoopOutputSkeleton(name, fixture));
    }
  });
});
