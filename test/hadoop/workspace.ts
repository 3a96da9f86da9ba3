import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers/cli.js';
import { hostsOfInventory, MiniCluster, operatorBin, type MiniClusterOptions } from './mini-cluster.js';

/** The example workspace wired to the real commands (what the Hadoop tests run). */
export const REAL_HADOOP_EXAMPLE = join(ROOT, 'examples', 'real-hadoop');

export interface RealWorkspace {
  readonly ws: string;
  readonly cluster: MiniCluster;
  /** PATH with hdfs, yarn, mini-hadoop and breakfix-exclude first. */
  readonly path: string;
}

/**
 * A copy of examples/real-hadoop in `dir`/ws with a mini cluster of its
 * inventory's hosts behind it: the cluster writes the client configuration
 * into ws/hadoop-conf and its failing list into ws/health/failing, exactly
 * the paths the workspace's commands name.
 */
export async function startRealWorkspace(dir: string, extra: Partial<MiniClusterOptions> = {}): Promise<RealWorkspace> {
  const ws = join(dir, 'ws');
  cpSync(REAL_HADOOP_EXAMPLE, ws, { recursive: true });
  mkdirSync(join(ws, 'health'), { recursive: true });
  const cluster = await MiniCluster.start({
    dir: join(dir, 'mini'),
    confDir: join(ws, 'hadoop-conf'),
    healthFile: join(ws, 'health', 'failing'),
    hosts: hostsOfInventory(join(ws, 'inventory.tsv')),
    ...extra,
  });
  const bin = operatorBin(join(dir, 'bin'));
  return { ws, cluster, path: `${bin}:${process.env['PATH'] ?? ''}` };
}

export interface BreakfixRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `breakfix -C ws ...args` without blocking the test (the block watcher keeps polling meanwhile). */
export function breakfix(ws: string, args: readonly string[], env: Record<string, string>): Promise<BreakfixRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '-C', ws, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The monitoring system wrote its failing list at `when` (inputs-fresh judges it by its mtime). */
export function touch(file: string, when: Date): void {
  utimesSync(file, when, when);
}

/** The entries of a host file (comments and blank lines left out). */
export function entriesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '')
    .flatMap((l) => l.split(/\s+/));
}
