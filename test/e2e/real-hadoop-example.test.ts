import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { substitute } from '../../src/act/run-action.js';
import { parseArgs } from '../../src/hostfile/cli.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

/**
 * examples/real-hadoop without a cluster (npm run test:hadoop runs it against
 * one): its config and views compile, and its action commands are what
 * breakfix-exclude and the cluster's commands accept.
 */
const EXAMPLE = join(ROOT, 'examples', 'real-hadoop');

describe('examples/real-hadoop', () => {
  it('breakfix check compiles its config and every view', () => {
    const ws = tempDir('bf-real-hadoop-');
    cpSync(EXAMPLE, ws, { recursive: true });
    const r = runCli(ws, ['check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^views: \d+ ok, 0 error, 0 skipped, 0 unchecked$/m);
  });

  it('drain and release run breakfix-exclude on both exclude files, then refresh HDFS and YARN', () => {
    const actions = new Map(loadConfig(EXAMPLE).actions.map((a) => [a.name, a]));
    for (const [name, verb] of [
      ['drain', 'add'],
      ['release', 'remove'],
    ] as const) {
      const argv = substitute(actions.get(name)!.run, { hosts_file: 'plan/x.hosts' });
      expect(argv[0]).toBe('breakfix-exclude');
      const cmd = parseArgs(argv.slice(1));
      expect(cmd.verb).toBe(verb);
      expect(cmd.files).toEqual(['hadoop-conf/dfs.exclude', 'hadoop-conf/yarn.exclude']);
      expect(cmd.hostsFiles).toEqual(['plan/x.hosts']);
      expect(cmd.then).toEqual([
        ['hdfs', '--config', 'hadoop-conf', 'dfsadmin', '-refreshNodes'],
        ['yarn', '--config', 'hadoop-conf', 'rmadmin', '-refreshNodes'],
      ]);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['breakfix-exclude']).toBe('dist/bundle/breakfix-exclude.js');
    for (const program of ['hdfs', 'yarn', 'mini-hadoop']) expect(existsSync(join(ROOT, 'hadoop', 'bin', program)), program).toBe(true);
  });
});
