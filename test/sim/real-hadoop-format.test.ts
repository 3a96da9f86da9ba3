import { describe, expect, it } from 'vitest';
import { renderHdfsReport } from '../../src/sim/render-hdfs-report.js';
import { renderYarnNodes } from '../../src/sim/render-yarn-nodes.js';
import { fixtureTruth, hadoopFixture, reportSkeleton, yarnListSkeleton, type ReportBlock } from '../helpers/hadoop-fixtures.js';
import { busyWorld } from './sim-helpers.js';

/**
 * The simulator against the real thing: what src/sim renders must have the
 * lines and fields, in the order, of what a real Hadoop 3.4.1 prints for
 * DataNodes and NodeManagers in the same states (values aside). The real
 * outputs are test/fixtures/hadoop-3.4.1/, taken from the mini cluster by
 * test/hadoop/import.test.ts (npm run test:hadoop), which also checks they
 * are still what the cluster prints.
 */

const world = busyWorld();
const cluster = 'dwh';
const real = reportSkeleton(hadoopFixture('dfsadmin-report.txt'));
const sim = reportSkeleton(renderHdfsReport(world, cluster));
const truth = fixtureTruth();
const registeredReal = new Map(truth.datanodes.map((d) => [d.hostname, d.registered]));
const simHosts = new Map(world.hosts.map((h) => [h.hostname, h]));

/** A block's kind: its section, its Decommission Status, and whether the DataNode ever registered. */
function kindOf(b: ReportBlock, registered: boolean): string {
  const status = b.lines.find((l) => l.startsWith('Decommission Status : '));
  return `${b.section} | ${status} | ${registered ? 'registered' : 'never registered'}`;
}

function simRegistered(b: ReportBlock): boolean {
  const h = simHosts.get(b.hostname) ?? world.hosts.find((x) => x.hdfs?.registeredName === b.hostname);
  return h?.hdfs?.registered ?? true;
}

/** The simulator models no Entering Maintenance state: those blocks have nothing to be compared with. */
const ENTERING = 'Decommission Status : Entering maintenance';

describe('the simulated dfsadmin -report has the real one\'s lines and fields', () => {
  it('the summary: the same lines in the same order', () => {
    expect(sim.summary).toEqual(real.summary);
  });

  it('the sections come in the real order', () => {
    const order = real.sections;
    expect(sim.sections.map((s) => order.indexOf(s))).toEqual([...sim.sections.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(sim.sections.filter((s) => !order.includes(s))).toEqual([]);
  });

  it('every kind of DataNode block the real cluster printed, the simulator prints line for line', () => {
    const simBlocks = new Map<string, ReportBlock>();
    for (const b of sim.blocks) {
      // IPv6 and failed reverse lookups have their own Name: line; the real cluster has neither.
      if (b.lines[0] !== 'Name: <ip:port> (<name>)' || simHosts.get(b.hostname)?.hdfs?.ptrFails === true) continue;
      const kind = kindOf(b, simRegistered(b));
      if (!simBlocks.has(kind)) simBlocks.set(kind, b);
    }
    const compared: string[] = [];
    for (const b of real.blocks) {
      if (b.lines.includes(ENTERING)) continue;
      const kind = kindOf(b, registeredReal.get(b.hostname) ?? true);
      const twin = simBlocks.get(kind);
      expect(twin, `the simulator prints no ${kind} block`).toBeDefined();
      expect({ kind, lines: twin!.lines }).toEqual({ kind, lines: b.lines });
      compared.push(kind);
    }
    // Live in service, live decommissioning, decommissioned, in maintenance, dead, never registered, and the sections repeating them.
    expect(new Set(compared).size).toBeGreaterThanOrEqual(7);
  });
});

describe('the simulated yarn node -list -all has the real one\'s lines and fields', () => {
  const realList = yarnListSkeleton(hadoopFixture('yarn-node-list-all-2>&1.txt'));
  const simList = yarnListSkeleton(renderYarnNodes(world, cluster));

  it('the log line, the count and the column header', () => {
    expect(simList.head).toEqual(realList.head);
  });

  it('every kind of row the real ResourceManager listed, padded the same way', () => {
    const simRows = new Set(simList.rows);
    for (const row of new Set(realList.rows)) expect(simRows.has(row), row).toBe(true);
  });
});
