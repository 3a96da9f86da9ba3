import { renderHdfsReport } from './render-hdfs-report.js';
import { renderExcluded, renderPuppetFailing, renderResponsive } from './render-hostlists.js';
import { renderInventory } from './render-inventory.js';
import { renderPrometheusUpJson } from './render-prometheus-json.js';
import { renderPrometheusText } from './render-prometheus-text.js';
import { renderYarnNodes } from './render-yarn-nodes.js';
import type { SimState } from './sim-state.js';

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

/** Every input file, name → content, names sorted bytewise. */
export function renderInputs(state: SimState): Map<string, string> {
  const files: [string, string][] = [
    [INPUT_FILES.inventory, renderInventory(state)],
    [INPUT_FILES.excluded, renderExcluded(state)],
    [INPUT_FILES.responsive, renderResponsive(state)],
    [INPUT_FILES.puppetFailing, renderPuppetFailing(state)],
    [INPUT_FILES.metrics, renderPrometheusText(state)],
    [INPUT_FILES.up, renderPrometheusUpJson(state)],
  ];
  for (const c of state.clusters) {
    files.push([hdfsReportFile(c.name), renderHdfsReport(state, c.name)], [yarnNodesFile(c.name), renderYarnNodes(state, c.name)]);
  }
  files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(files);
}
