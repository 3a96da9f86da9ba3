import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleWorkspace } from '../../src/demo/workspace.js';
import { runCli, SIM, tempDir } from '../helpers/cli.js';

/** A value an inventory dump could hold that would be markup and script if the page did not escape it. */
export const HOSTILE = '<img src=x onerror=window.__pwned=1></script><script>window.__pwned=2</script>';

export interface SimWorkspace {
  readonly dir: string;
  /** The last pass's clock: BREAKFIX_NOW for commands run after. */
  readonly now: string;
  readonly day1: string;
  readonly day2: string;
}

function sim(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [SIM, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /\bnow (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(r.stdout);
  return m?.[1] ?? '';
}

function pass(dir: string, now: string, ...args: string[]): void {
  const r = runCli(dir, ['-q', 'pass', ...args], { env: { BREAKFIX_NOW: now } });
  if (r.code !== 0) throw new Error(`pass ${args.join(' ')} at ${now} exited ${r.code}: ${r.stdout}${r.stderr}`);
}

/**
 * The example workspace against the simulator (300 hosts), through the real
 * CLI: two passes on 2026-11-23; on 2026-11-24 one pass, one while paused,
 * and a dry run after an inventory dump started carrying HOSTILE as a host's
 * puppet branch (the puppet-branch-counts view shows it).
 */
export function buildSimWorkspace(): SimWorkspace {
  const dir = tempDir('bf-report-');
  copyExampleWorkspace(dir);
  let now = sim(['init', '--dir', dir, '--seed', '3', '--hosts', '300', '--tick-minutes', '720']);
  const day1 = now.slice(0, 10);
  pass(dir, now, '--execute');
  now = sim(['tick', '--dir', dir]);
  pass(dir, now, '--execute');
  now = sim(['tick', '--dir', dir]);
  const day2 = now.slice(0, 10);
  pass(dir, now, '--execute');
  now = sim(['tick', '--dir', dir]);
  const paused = runCli(dir, ['pause', '--reason', 'change freeze (INC-5678)'], { env: { BREAKFIX_NOW: now } });
  if (paused.code !== 0) throw new Error(paused.stderr);
  pass(dir, now, '--execute');
  const resumed = runCli(dir, ['resume', '--reason', 'change freeze over'], { env: { BREAKFIX_NOW: now } });
  if (resumed.code !== 0) throw new Error(resumed.stderr);
  const inventory = join(dir, 'inputs', 'inventory.tsv');
  const lines = readFileSync(inventory, 'utf8').split('\n');
  const fields = lines[0]!.split('\t');
  fields[9] = HOSTILE; // puppet_branch
  lines[0] = fields.join('\t');
  writeFileSync(inventory, lines.join('\n'));
  // Written at the simulated time, as the simulator writes its files: data from the future is not fresh.
  const at = new Date(now);
  utimesSync(inventory, at, at);
  pass(dir, now);
  return { dir, now, day1, day2 };
}
