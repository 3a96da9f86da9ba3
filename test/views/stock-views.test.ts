import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/load.js';
import { openStateDb, type StateDb } from '../../src/db/open.js';
import { viewLines } from '../../src/export/view-lines.js';
import { writeSettings } from '../../src/db/settings.js';
import { nullTranscript } from '../../src/util/transcript.js';
import { importSources } from '../../src/sources/import-sources.js';
import { sqlName } from '../../src/sources/source-tables.js';
import { createViews, loadViews, STOCK_QUERIES_DIR } from '../../src/views/create-views.js';
import { readViewFiles } from '../../src/views/view-files.js';
import { Workspace } from '../../src/workspace.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * The stock view library over a realistic small datacenter: the analyst
 * fixture (inventory, host lists, metrics, the Hadoop 3.3.6 dfsadmin report,
 * an HDFS hosts file and a `yarn node -list -all`), imported by the real
 * importers, views created as a pass creates them, each read back as the
 * lines of its exported file.
 */

const DAY = '2024-05-01';
const NOW = new Date(`${DAY}T12:00:00Z`);
const FIXTURE = join(ROOT, 'test', 'fixtures', 'analyst');

let open: StateDb | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** The fixture imported into a fresh workspace; `edit` may change its config text first. */
async function fleet(edit: (yaml: string) => string = (y) => y, extraFiles: Record<string, string> = {}): Promise<{ lines: (view: string) => string[]; config: Config }> {
  const dir = tempDir('bf-stock-');
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [to, from] of Object.entries(extraFiles)) copyFileSync(from, join(dir, to));
  const text = edit(readFileSync(join(dir, 'breakfix.yaml'), 'utf8'));
  writeFileSync(join(dir, 'breakfix.yaml'), text);
  const config = parseConfig(text, join(dir, 'breakfix.yaml'));
  const ws = new Workspace(dir, DAY);
  open = await openStateDb(ws.dbFile);
  const state = open;
  writeSettings(state.raw, config, NOW);
  const reports = await importSources(state, ws, config, [], { pass: null, force: false, clock: () => NOW, transcript: nullTranscript });
  expect(reports.filter((r) => r.status === 'failed')).toEqual([]);
  createViews(state.raw, config, loadViews(ws), { temp: false });
  return { config, lines: (view) => [...viewLines(state.raw, sqlName(view)).lines] };
}

const row = (...cells: (string | number)[]) => cells.join('\t');

describe('the stock view library', () => {
  it('has a description and lists its columns by name in every view (no SELECT *)', () => {
    const stock = readViewFiles(STOCK_QUERIES_DIR, undefined);
    expect(stock.map((v) => v.name)).toEqual([
      'hdfs-cluster-health', 'hdfs-dead', 'hdfs-decommission-stuck', 'hdfs-decommissioned', 'hdfs-decommissioning', 'hdfs-in-maintenance', 'hdfs-in-service',
      'unmatched-hdfs', 'unmatched-hdfs-hosts', 'unmatched-hostlists', 'unmatched-metrics', 'unmatched-yarn',
      'unresponsive', 'yarn-decommissioned', 'yarn-lost', 'yarn-running', 'yarn-unhealthy',
    ]);
    for (const v of stock) {
      expect(v.description, v.file).toMatch(/\w/);
      expect(v.sql, v.file).not.toMatch(/SELECT\s+(DISTINCT\s+)?\*/i);
    }
  });

  describe('HDFS health', () => {
    it('hdfs-cluster-health: each HDFS source\'s latest health of its cluster (the report, in safe mode)', async () => {
      const { lines } = await fleet();
      // The capture time is the report file's mtime, which the copy set to now.
      const [line] = lines('hdfs-cluster-health');
      expect(line!.split('\t').slice(0, 13)).toEqual(['dwh', 'hdfs-dwh', '1', '0', '0', '1205934', '-', '912000000000000', '308984387106851', '6', '10', '3', '1']);
    });

    it('hdfs-cluster-health also shows a NameNode JMX source, and hdfs-decommission-stuck stays empty after one import', async () => {
      const { lines } = await fleet(
        (y) => `${y.replace('sources:\n', 'sources:\n  jmx-dwh:    { kind: hdfs-jmx, cluster: dwh, path: inputs/jmx.json, datanodes: false }\n')}`,
        { 'inputs/jmx.json': join(ROOT, 'test', 'fixtures', 'hdfs', 'jmx-namenode-all-3.3.6.json') },
      );
      expect(lines('hdfs-cluster-health').map((l) => l.split('\t').slice(0, 10))).toEqual([
        ['dwh', 'hdfs-dwh', '1', '0', '0', '1205934', '-', '912000000000000', '308984387106851', '6'],
        ['dwh', 'jmx-dwh', '0', '0', '0', '1205934', '2417310', '912000000000000', '308984387106851', '5'],
      ]);
      expect(lines('hdfs-decommission-stuck')).toEqual([]);
    });
  });

  describe('HDFS admin state', () => {
    it('hdfs-in-service: admin state in service, live or not (the never-registered dn0009 has live 0)', async () => {
      const { lines } = await fleet();
      expect(lines('hdfs-in-service')).toEqual([
        row('dn0001.smf1.example.com', 'dwh', '/smf1/r01', 'in-service', 1, 1714564798),
        row('dn0002.smf1.example.com', 'dwh', '/smf1/r01', 'in-service', 1, 1714564800),
        row('dn0007.smf1.example.com', 'dwh', '-', 'in-service', 1, 1714564798),
        row('dn0009.smf1.example.com', 'dwh', '-', 'in-service', 0, '-'),
        row('dn0010.smf1.example.com', 'dwh', '/smf1/r01', 'in-service', 1, 1714564799),
        row('dn0011.smf1.example.com', 'dwh', '/smf1/r03', 'in-service', 1, 1714564799),
        row('dn0018', 'dwh', '/smf1/r02', 'in-service', 1, 1714564799),
      ]);
    });

    it('hdfs-decommissioning: a node listed under Live and Decommissioning is one row', async () => {
      const { lines } = await fleet();
      expect(lines('hdfs-decommissioning')).toEqual([row('dn0003.smf1.example.com', 'dwh', '/smf1/r01', 'decommissioning', 1, 1714564798)]);
    });

    it('hdfs-decommissioned: live and dead decommissioned nodes', async () => {
      const { lines } = await fleet();
      expect(lines('hdfs-decommissioned')).toEqual([
        row('dn0004.smf1.example.com', 'dwh', '/smf1/r02', 'decommissioned', 1, 1714564799),
        row('dn0019', 'dwh', '/smf1/r03', 'decommissioned', 0, 1714309133),
      ]);
    });

    it('hdfs-in-maintenance: entering and in maintenance, a dead one included', async () => {
      const { lines } = await fleet();
      expect(lines('hdfs-in-maintenance')).toEqual([
        row('dn0005.smf1.example.com', 'dwh', '/smf1/r02', 'entering-maintenance', 1, 1714564799),
        row('dn0006.smf1.example.com', 'dwh', '/smf1/r02', 'in-maintenance', 1, 1714564797),
        row('dn0030.smf1.example.com', 'dwh', '/smf1/r03', 'in-maintenance', 0, 1714559400),
      ]);
    });

    it('hdfs-dead: live = 0 whatever the admin state; registered 0 marks the include entry that never registered', async () => {
      const { lines } = await fleet();
      expect(lines('hdfs-dead')).toEqual([
        row('dn0009.smf1.example.com', 'dwh', '-', 'in-service', '-', 0),
        row('dn0019', 'dwh', '/smf1/r03', 'decommissioned', 1714309133, 1),
        row('dn0030.smf1.example.com', 'dwh', '/smf1/r03', 'in-maintenance', 1714559400, 1),
      ]);
    });
  });

  describe('YARN state, from the row that speaks for each host', () => {
    it('yarn-running: dn0020 re-registered on a new port counts once, as RUNNING (its SHUTDOWN row is history)', async () => {
      const { lines } = await fleet();
      expect(lines('yarn-running')).toEqual([
        row('dn0012.smf1.example.com', 'dwh', 'dn0012.smf1.example.com:45454', 20),
        row('dn0020.smf1.example.com', 'dwh', 'dn0020.smf1.example.com:39112', 7),
        row('dn7', 'dwh', 'dn7:45454', 3),
      ]);
    });

    it('yarn-unhealthy: carries the health checker report (RM REST source)', async () => {
      const { lines } = await fleet(
        (y) => `${y.replace('health:', '  yarn-etl: { kind: yarn-rest, cluster: etl, path: inputs/rm-nodes.json }\nhealth:')}`,
        { 'inputs/rm-nodes.json': join(ROOT, 'test', 'fixtures', 'yarn', 'rm-nodes.json') },
      );
      const unhealthy = lines('yarn-unhealthy');
      expect(unhealthy).toHaveLength(2);
      expect(unhealthy[0]).toBe(row('dn0044.smf1.example.com', 'dwh', 'dn0044.smf1.example.com:45454', '-', '-'));
      expect(unhealthy[1]).toMatch(/^dn0044\.smf1\.example\.com\tetl\tdn0044\.smf1\.example\.com:45454\t1\/12 local-dirs usable space is below configured utilization percentage.*\t1714564790$/);
    });

    it('yarn-lost: dn0031 LOST under its old port but NEW under a new one is not lost', async () => {
      const { lines } = await fleet();
      expect(lines('yarn-lost')).toEqual([row('dn0071.smf1.example.com', 'dwh', 'dn0071.smf1.example.com:45454')]);
    });

    it('yarn-decommissioned: a real node and an exclude-list placeholder (port -1)', async () => {
      const { lines } = await fleet();
      expect(lines('yarn-decommissioned')).toEqual([
        row('dn0051.smf1.example.com', 'dwh', 'dn0051.smf1.example.com:45454', 0),
        row('dn0070.smf1.example.com', 'dwh', 'dn0070.smf1.example.com:-1', 1),
      ]);
    });
  });

  describe('unresponsive', () => {
    it('says why: up is 0, NaN, stale (older than health.max_sample_age at the import clock), or absent for an inventory host', async () => {
      const { lines } = await fleet();
      expect(lines('unresponsive')).toEqual([
        row('cache0002.smf1.example.com', 'cache-prod', 'no up sample'),
        row('dn0002.smf1.example.com', 'dwh', 'up is 0'),
        row('dn0003.smf1.example.com', 'dwh', 'up sample stale'),
        row('dn0004.smf1.example.com', 'dwh', 'up is NaN'),
        row('dn0008.smf1.example.com', 'dwh', 'no up sample'),
        row('dn0099.smf1.example.com', '-', 'up is 0'),
      ]);
    });

    it('reads max_sample_age from the config: at 2h dn0003 (80 minutes old, up 1) is fine', async () => {
      const { lines } = await fleet((y) => y.replace('max_sample_age: 15m', 'max_sample_age: 2h'));
      expect(lines('unresponsive').map((l) => l.split('\t')[0])).not.toContain('dn0003.smf1.example.com');
    });

    it('reads up_metric from the config: with another metric every host without it is absent', async () => {
      const { lines } = await fleet((y) => y.replace('up_metric: up', 'up_metric: puppet_last_run_success'));
      const got = lines('unresponsive');
      expect(got).toContain(row('dn0002.smf1.example.com', 'dwh', 'up is 0'));
      expect(got).toContain(row('dn0003.smf1.example.com', 'dwh', 'no up sample'));
      expect(got).not.toContain(row('dn0001.smf1.example.com', 'dwh', 'no up sample'));
      expect(got).toHaveLength(21); // 22 inventory hosts, dn0001 healthy, dn0002 down
    });
  });

  describe('unmatched-<kind>: hosts a source names that the inventory does not know', () => {
    it('unmatched-hdfs: the short names of a failed reverse DNS lookup', async () => {
      const { lines } = await fleet();
      expect(lines('unmatched-hdfs')).toEqual([row('dn0018', 'dwh', 'hdfs-dwh'), row('dn0019', 'dwh', 'hdfs-dwh')]);
    });

    it('unmatched-hdfs-hosts: an entry by an IP no inventory host has', async () => {
      const { lines } = await fleet();
      expect(lines('unmatched-hdfs-hosts')).toEqual([row('10.176.2.18', 'dwh', 'hosts-dwh')]);
    });

    it('unmatched-yarn: a host missing from the inventory, and a short name', async () => {
      const { lines } = await fleet();
      expect(lines('unmatched-yarn')).toEqual([row('dn0020.smf1.example.com', 'dwh', 'yarn-dwh'), row('dn7', 'dwh', 'yarn-dwh')]);
    });

    it('unmatched-metrics: a host with samples and no inventory entry, once however many samples', async () => {
      const { lines } = await fleet();
      expect(lines('unmatched-metrics')).toEqual([row('dn0099.smf1.example.com', 'metrics')]);
    });

    it('unmatched-hostlists: a short-name list against an FQDN inventory lands here whole, with its source', async () => {
      const { lines } = await fleet();
      expect(lines('unmatched-hostlists')).toEqual([
        row('dn0002', 'excluded'),
        row('dn0008', 'excluded'),
        row('dn0044', 'excluded'),
        row('dn0098.smf1.example.com', 'responsive'),
      ]);
    });

    it('unmatched-hostlists empties once hosts.qualify makes the short names FQDNs', async () => {
      const { lines } = await fleet((y) => y.replace('strip_port: true', 'strip_port: true\n  qualify: .smf1.example.com'));
      expect(lines('unmatched-hostlists')).toEqual([row('dn0098.smf1.example.com', 'responsive')]);
      expect(lines('unmatched-hdfs')).toEqual([row('dn0018.smf1.example.com', 'dwh', 'hdfs-dwh')]);
    });
  });
});
