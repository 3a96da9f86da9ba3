import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };

/** Escaped processes the tests start on purpose: killed afterwards. */
const escapedPidFiles: string[] = [];
afterEach(() => {
  for (const f of escapedPidFiles.splice(0)) {
    if (!existsSync(f)) continue;
    for (const pid of readFileSync(f, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function journal(dir: string): { hostname: string; outcome: string; note: string | null }[] {
  const db = new Database(join(dir, 'runs', DAY, 'state.db'), { readonly: true });
  try {
    return db.prepare('SELECT hostname, outcome, note FROM journal ORDER BY id').all() as { hostname: string; outcome: string; note: string | null }[];
  } finally {
    db.close();
  }
}

/** A command whose child escapes its process group (setsid), records its pid, and keeps stdout open for 25 s. */
const ESCAPING = `setsid sh -c 'echo $$ >> escaped.pid; exec sleep 25' & sleep 25`;

describe('the bound on a command', () => {
  it('an action whose child escapes its process group and keeps stdout open: the timeout holds and the journal says what happened', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: ['sh', '-c', ESCAPING, 'sh', '{hosts_file}'], timeout: '2s' }));
    escapedPidFiles.push(join(dir, 'escaped.pid'));
    const r = runCli(dir, ['pass', '--execute'], { env: NOW });
    // The pass ended while the escaped process still runs: it did not wait for it (it used to, 25 s).
    const escaped = Number(readFileSync(join(dir, 'escaped.pid'), 'utf8').trim());
    expect(alive(escaped)).toBe(true);
    expect(r.code).toBe(1);
    const note =
      'timed out after 2s: SIGTERM sent to its process group, exited on SIGTERM; a process it started kept its output open, output after that not captured';
    expect(journal(dir)).toEqual([{ hostname: hostName('dwh', 1), outcome: 'timeout', note }]);
    const transcript = readFileSync(join(dir, 'runs', DAY, 'transcript.log'), 'utf8');
    expect(transcript).toContain(`act fix exit SIGTERM after `);
    expect(transcript).toContain(note);
    expect(transcript).not.toContain('and was killed');
  });

  it('a command source whose child escapes and keeps stdout open: the import fails at its timeout, saying so', () => {
    const dir = makeWorkspace({
      'breakfix.yaml': `sources:\n  hosts: { kind: hostlist, command: [sh, -c, "echo dn1.example.com; ${ESCAPING}"], timeout: 2s }\n`,
    });
    escapedPidFiles.push(join(dir, 'escaped.pid'));
    const r = runCli(dir, ['import'], { env: NOW });
    const escaped = Number(readFileSync(join(dir, 'escaped.pid'), 'utf8').trim());
    expect(alive(escaped)).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'import hosts failed: command sh -c "echo dn1.example.com; ' +
        `setsid sh -c 'echo $$ >> escaped.pid; exec sleep 25' & sleep 25": timed out after 2s: SIGTERM sent to its process group, exited on SIGTERM; ` +
        'a process it started kept its output open, output after that not captured',
    );
    expect(readdirSync(join(dir, 'runs', DAY, 'inputs'))).toEqual([]);
  });

  it('a command source printing without end is stopped at its max_output, and the import fails naming the source and the option', () => {
    const dir = makeWorkspace({
      'breakfix.yaml': 'sources:\n  endless: { kind: hostlist, command: [yes, dn1.example.com], max_output: 2M }\n  fine: { kind: hostlist, command: [echo, dn2.example.com] }\n',
    });
    const r = runCli(dir, ['import'], { env: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^breakfix: import endless failed: command yes dn1\.example\.com: source endless printed more than 2 MiB \(sources\.endless\.max_output\) and was stopped: SIGTERM sent to its process group, exited on SIGTERM; nothing of it was imported\. Raise sources\.endless\.max_output if it really prints that much\.$/m,
    );
    // Nothing of it is kept on disk; the other source imported.
    expect(readdirSync(join(dir, 'runs', DAY, 'inputs'))).toEqual(['fine']);
  });

  it('rejects a max_output that is not a size, naming the line', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  a: { kind: hostlist, command: [echo, x], max_output: lots }\n' });
    const r = runCli(dir, ['import']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`breakfix: ${dir}/breakfix.yaml:2: sources.a.max_output: expected a size like "500M" or "2G" (or a number of bytes), got "lots"\n`);
  });
});

describe('the environment of commands', () => {
  const printEnv = ['sh', '-c', 'env | sort > "env-$BREAKFIX_ACTION.txt"', 'sh', '{hosts_file}'];
  const names = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=')[0]!)
      .filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n));
  const env = { ...NOW, SECRET_TOKEN: 'hunter2', KRB5CCNAME: 'FILE:/tmp/krb5cc_0', HADOOP_CONF_DIR: '/etc/hadoop/conf', HADOOP_USER_NAME: 'hdfs', LC_ALL: 'C', LD_PRELOAD: '' };

  it('an action gets the fixed allow-list and BREAKFIX_*, never the rest of the caller environment', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: printEnv }));
    expect(runCli(dir, ['pass', '--execute'], { env }).code).toBe(0);
    const got = names(join(dir, 'env-fix.txt'));
    expect(got).not.toContain('SECRET_TOKEN');
    expect(got).not.toContain('KRB5CCNAME');
    expect(got).not.toContain('LD_PRELOAD');
    expect(got).not.toContain('BREAKFIX_NOW');
    expect(got).toEqual(expect.arrayContaining(['BREAKFIX_ACTION', 'BREAKFIX_DAY', 'BREAKFIX_PASS', 'BREAKFIX_WORKSPACE', 'LC_ALL', 'PATH']));
    expect(got.every((n) => /^(BREAKFIX_(ACTION|DAY|PASS|WORKSPACE)|PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_.*|TZ|TMPDIR)$/.test(n))).toBe(true);
  });

  it('passes through what the config lists: on the action, at the top level (names or PREFIX*)', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: printEnv, actionLines: '    env: [KRB5CCNAME]', topLines: 'env: [HADOOP_*]' }));
    expect(runCli(dir, ['pass', '--execute'], { env }).code).toBe(0);
    const text = readFileSync(join(dir, 'env-fix.txt'), 'utf8');
    expect(text).toContain('KRB5CCNAME=FILE:/tmp/krb5cc_0\n');
    expect(text).toContain('HADOOP_CONF_DIR=/etc/hadoop/conf\n');
    expect(text).toContain('HADOOP_USER_NAME=hdfs\n');
    expect(text).not.toContain('SECRET_TOKEN');
  });

  it('a command source gets the same treatment, with BREAKFIX_SOURCE, BREAKFIX_DAY and BREAKFIX_WORKSPACE', () => {
    const dir = makeWorkspace({
      'breakfix.yaml': 'env: [KRB5CCNAME]\nsources:\n  hosts: { kind: hostlist, command: [sh, -c, "env | sort > env-source.txt; echo dn1.example.com"], env: [HADOOP_CONF_DIR] }\n',
    });
    expect(runCli(dir, ['import'], { env }).code).toBe(0);
    const text = readFileSync(join(dir, 'env-source.txt'), 'utf8');
    expect(text).toContain('BREAKFIX_SOURCE=hosts\n');
    expect(text).toContain(`BREAKFIX_DAY=${DAY}\n`);
    expect(text).toContain(`BREAKFIX_WORKSPACE=${dir}\n`);
    expect(text).toContain('KRB5CCNAME=FILE:/tmp/krb5cc_0\n');
    expect(text).toContain('HADOOP_CONF_DIR=/etc/hadoop/conf\n');
    expect(text).not.toContain('HADOOP_USER_NAME');
    expect(text).not.toContain('SECRET_TOKEN');
  });

  it('rejects an env entry that is not a variable name or prefix, naming the line', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'env: [PATH, "LD_PRELOAD=/x.so"]\nsources:\n  a: { kind: hostlist, path: a }\n' });
    const r = runCli(dir, ['import']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`breakfix: ${dir}/breakfix.yaml:1: env[1]: expected an environment variable name like KRB5CCNAME, or a prefix like HADOOP_*, got "LD_PRELOAD=/x.so"\n`);
  });
});
