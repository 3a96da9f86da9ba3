import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../db/open.js';

/** The simulator's CLI and the bundled example workspace in this checkout. */
export const SIM_CLI = join(PROJECT_ROOT, 'dist', 'bundle', 'sim.js');
export const EXAMPLE_WORKSPACE = join(PROJECT_ROOT, 'examples', 'hadoop-fleet');

/**
 * Copy the example workspace's config and queries into `dir`, pointing its
 * action commands at this checkout's simulator by absolute path (the example
 * names it relative to examples/hadoop-fleet, which a copy elsewhere is not).
 */
export function copyExampleWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(join(EXAMPLE_WORKSPACE, 'queries'), join(dir, 'queries'), { recursive: true });
  const config = readFileSync(join(EXAMPLE_WORKSPACE, 'breakfix.yaml'), 'utf8').replaceAll(
    '[node, ../../dist/bundle/sim.js,',
    `[${JSON.stringify(process.execPath)}, ${JSON.stringify(SIM_CLI)},`,
  );
  writeFileSync(join(dir, 'breakfix.yaml'), config);
}
