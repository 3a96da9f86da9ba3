import { compareBytewise } from '../util/bytewise.js';
import { isResponsive, isScraped, isUp } from './host-health.js';
import { renderHdfsReport } from './render-hdfs-report.js';
import { isPuppetFailing, renderExcluded, renderPuppetFailing, renderResponsive } from './render-hostlists.js';
import { inventoryLine, renderInventory } from './render-inventory.js';
import { renderPrometheusUpJson } from './render-prometheus-json.js';
import { METRICS, renderPrometheusText } from './render-prometheus-text.js';
import { renderYarnNodes } from './render-yarn-nodes.js';
import type { Host, SimState } from './sim-state.js';

/** The fixed file names under `<workspace>/inputs/`. */
export const INPUT_FILES = {
  inventory: 'inventory.tsv',
  excluded: 'excluded',
  responsive: 'responsive',
  puppetFailing: 'puppet-failing',
  metrics: 'metrics.prom',
  up: 'up.json',
} as const;

export const hdfsReportFile = (cluster: string): string => `hdfs-${cluster}.report`;
export const yarnNodesFile = (cluster: string): string => `yarn-${cluster}.txt`;

/** A file rendered from every host of the fleet. */
export interface FleetFile {
  readonly name: string;
  readonly render: (state: SimState) => string;
  /**
   * What the file shows of one host, besides its hostname: two states whose
   * hosts all look the same here render the same file (test/sim/render-inputs.test.ts
   * checks this). Besides the hosts, the renderers read only what no action
   * changes: the clock, the clusters, the datacenter.
   */
  readonly shows: (h: Host) => unknown;
}

export const FLEET_FILES: readonly FleetFile[] = [
  { name: INPUT_FILES.inventory, render: renderInventory, shows: inventoryLine },
  { name: INPUT_FILES.excluded, render: renderExcluded, shows: (h) => [h.cluster, h.excluded, h.serviceTicket] },
  { name: INPUT_FILES.responsive, render: renderResponsive, shows: isResponsive },
  { name: INPUT_FILES.puppetFailing, render: renderPuppetFailing, shows: isPuppetFailing },
  { name: INPUT_FILES.metrics, render: renderPrometheusText, shows: (h) => [isScraped(h), ...METRICS.map((m) => m.value(h))] },
  { name: INPUT_FILES.up, render: renderPrometheusUpJson, shows: (h) => [isScraped(h), isUp(h)] },
];

/** Every input file's name, sorted bytewise. */
export function inputFileNames(state: SimState): string[] {
  const names = [...FLEET_FILES.map((f) => f.name), ...state.clusters.flatMap((c) => [hdfsReportFile(c.name), yarnNodesFile(c.name)])];
  return names.sort((a, b) => compareBytewise(a, b));
}

/**
 * The input files, name → content, names sorted bytewise: every file, or
 * only those named in `only`. A cluster's two files (HDFS report, YARN node
 * list) are rendered from its own hosts and its ResourceManager's address.
 */
export function renderInputs(state: SimState, only?: ReadonlySet<string>): Map<string, string> {
  const wanted = (name: string): boolean => only === undefined || only.has(name);
  const files: [string, string][] = [];
  for (const f of FLEET_FILES) if (wanted(f.name)) files.push([f.name, f.render(state)]);
  for (const c of state.clusters) {
    if (wanted(hdfsReportFile(c.name))) files.push([hdfsReportFile(c.name), renderHdfsReport(state, c.name)]);
    if (wanted(yarnNodesFile(c.name))) files.push([yarnNodesFile(c.name), renderYarnNodes(state, c.name)]);
  }
  files.sort(([a], [b]) => compareBytewise(a, b));
  return new Map(files);
}
