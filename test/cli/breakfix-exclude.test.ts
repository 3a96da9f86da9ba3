import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEntries } from '../../src/hostfile/edit.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const TOOL = join(ROOT, 'dist', 'bundle', 'breakfix-exclude.js');

function tool(args: readonly string[], env: Record<string, string> = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function exclusionFile(text: string): { dir: string; file: string } {
  const dir = tempDir('bf-exclude-');
  const file = join(dir, 'dfs.exclude');
  writeFileSync(file, text);
  return { dir, file };
}

describe('breakfix-exclude on files', () => {
  it('adds and removes in every file, keeps other entries and comments, and runs the refresh commands in order', () => {
    const { dir, file } = exclusionFile('# exclude\nold.x.test  # ticket 7\n');
    const yarn = join(dir, 'yarn.exclude');
    writeFileSync(yarn, '');
    const log = join(dir, 'log');
    const append = (word: string) => [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(word)} + '\\n')`];
    const r = tool(['add', '--file', file, '--file', yarn, '--host', 'dn1.x.test', '--host', 'old.x.test', '--then', ...append('hdfs'), ';', '--then', ...append('yarn')], {
      BREAKFIX_ACTION: 'drain',
      BREAKFIX_DAY: '2026-12-04',
      BREAKFIX_PASS: '2',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`${file}: added 1 (dn1.x.test); already listed 1 (old.x.test)`);
    expect(readFileSync(file, 'utf8')).toBe('# exclude\nold.x.test  # ticket 7\ndn1.x.test  # breakfix drain 2026-12-04 pass 2\n');
    expect(readFileSync(yarn, 'utf8')).toBe('dn1.x.test  # breakfix drain 2026-12-04 pass 2\nold.x.test  # breakfix drain 2026-12-04 pass 2\n');
    expect(readFileSync(log, 'utf8')).toBe('hdfs\nyarn\n');

    const list = tool(['list', '--file', file]);
    expect(list.stdout).toBe('dn1.x.test\tbreakfix drain 2026-12-04 pass 2\nold.x.test\tticket 7\n');

    const rm = tool(['remove', '--file', file, '--host', 'dn1.x.test', '--host', 'gone.x.test']);
    expect(rm.code).toBe(0);
    expect(rm.stdout).toBe(`${file}: removed 1 (dn1.x.test); not listed 1 (gone.x.test)\n`);
    expect(readFileSync(file, 'utf8')).toBe('# exclude\nold.x.test  # ticket 7\n');
  });

  it('stops at the first refresh command that fails, with exit 1, after the edit', () => {
    const { file } = exclusionFile('');
    const r = tool(['add', '--file', file, '--host', 'dn1.x.test', '--then', process.execPath, '-e', 'process.exit(4)', ';', '--then', 'touch', join(tempDir(), 'never')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix-exclude: ${process.execPath} -e process.exit(4): exited 4\n`);
    expect(readFileSync(file, 'utf8')).toBe('dn1.x.test\n');
  });

  it('never creates a host file that is not there (the daemons would not read it): exit 1, no lock file', () => {
    const dir = tempDir();
    const missing = join(dir, 'dfs.exclude');
    const r = tool(['add', '--file', missing, '--host', 'dn1.x.test']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix-exclude: ${missing}: no such host file (it is created with the cluster configuration, not by breakfix-exclude)\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a bad host in the hosts file is exit 1 and nothing is edited', () => {
    const { dir, file } = exclusionFile('a.x.test\n');
    const plan = join(dir, 'plan');
    writeFileSync(plan, 'dn1.x.test\n-bad-\n');
    const r = tool(['add', '--file', file, '--hosts-file', plan]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix-exclude: ${plan}:2: invalid hostname "-bad-": label "-bad-" must not start or end with '-'\n`);
    expect(readFileSync(file, 'utf8')).toBe('a.x.test\n');
  });

  it('keeps the file mode and leaves no temporary file', () => {
    const { dir, file } = exclusionFile('a.x.test\n');
    chmodSync(file, 0o640);
    expect(tool(['add', '--file', file, '--host', 'b.x.test']).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['dfs.exclude', 'dfs.exclude.lock']);
  });

  it('waits for the lock another tool holds (flock FILE.lock) and gives up after --lock-timeout', () => {
    const { file } = exclusionFile('a.x.test\n');
    const holder = spawn('flock', [`${file}.lock`, 'sleep', '30'], { stdio: 'ignore' });
    try {
      // flock(1) opens the lock file then locks it; wait until it holds the lock.
      for (let i = 0; i < 100 && spawnSync('flock', ['--nonblock', `${file}.lock`, 'true']).status === 0; i++) spawnSync('sleep', ['0.05']);
      const r = tool(['add', '--file', file, '--host', 'b.x.test', '--lock-timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`breakfix-exclude: cannot lock ${file}.lock: still held by another process after 1s\n`);
      expect(readFileSync(file, 'utf8')).toBe('a.x.test\n');
    } finally {
      holder.kill();
    }
  });

  it('concurrent edits lose nothing: 12 processes adding and removing at once', async () => {
    const { dir, file } = exclusionFile('# exclude\nkeep1.x.test  # ticket 1\n#commented.x.test\nkeep2.x.test\n');
    const run = (args: string[]) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [TOOL, ...args], { stdio: 'ignore' });
        p.on('exit', (code) => resolve(code ?? -1));
      });
    // A reader polling throughout sees a whole file every time (the rename is atomic).
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(file, 'utf8');
        expect(text.startsWith('# exclude\nkeep1.x.test  # ticket 1\n#commented.x.test\nkeep2.x.test\n')).toBe(true);
        expect(text.endsWith('\n')).toBe(true);
        reads++;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const adds = Array.from({ length: 8 }, (_, i) => run(['add', '--file', file, '--host', `dn${i}.x.test`, '--host', `dn${i + 100}.x.test`]));
    const codes = await Promise.all(adds);
    const removes = await Promise.all(Array.from({ length: 4 }, (_, i) => run(['remove', '--file', file, '--host', `dn${i + 100}.x.test`])));
    stop = true;
    await reader;
    expect([...codes, ...removes]).toEqual(Array(12).fill(0));
    const entries = listEntries(readFileSync(file, 'utf8')).map((e) => e.entry).sort();
    const expected = ['keep1.x.test', 'keep2.x.test', ...Array.from({ length: 8 }, (_, i) => `dn${i}.x.test`), ...[4, 5, 6, 7].map((i) => `dn${i + 100}.x.test`)].sort();
    expect(entries).toEqual(expected);
    expect(reads).toBeGreaterThan(0);
    expect(existsSync(join(dir, `.dfs.exclude.tmp-${process.pid}`))).toBe(false);
  });
});
