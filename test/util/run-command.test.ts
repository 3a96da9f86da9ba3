import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEnd, describeFailure, runCommand, type CommandResult } from '../../src/util/run-command.js';
import { tempDir } from '../helpers/cli.js';

/** Processes a test left running on purpose (escaped ones): killed afterwards. */
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
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

/** The pid a command wrote to `file` (waiting for it to appear). */
async function pidIn(file: string): Promise<number> {
  for (let i = 0; i < 100 && !(existsSync(file) && readFileSync(file, 'utf8').trim() !== ''); i++) await new Promise((r) => setTimeout(r, 50));
  const pid = Number(readFileSync(file, 'utf8').trim());
  leftovers.push(pid);
  return pid;
}

const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

describe('runCommand', () => {
  it('a timeout holds although a process the command started escaped its group and keeps stdout open', async () => {
    // Used to wait for the escaped `sleep 25` to close stdout (25 s) and then journal "timed out and was killed".
    const dir = tempDir();
    const r = await runCommand(['sh', '-c', 'setsid sh -c \'echo $$ > escaped.pid; exec sleep 25\' & sleep 25'], { cwd: dir, env, timeoutSeconds: 1 });
    const escaped = await pidIn(join(dir, 'escaped.pid'));
    // Settled while the escaped process still runs: the wait did not depend on it.
    expect(alive(escaped)).toBe(true);
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM', outputCut: true, termination: { reason: 'timeout', sent: ['SIGTERM'], exited: true } });
    expect(describeFailure(r, 1)).toBe(
      'timed out after 1s: SIGTERM sent to its process group, exited on SIGTERM; a process it started kept its output open, output after that not captured',
    );
  });

  it('sends SIGKILL when SIGTERM is ignored, and says so', async () => {
    const r = await runCommand(['sh', '-c', 'trap "" TERM; sleep 30'], { cwd: tempDir(), env, timeoutSeconds: 1 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', outputCut: false, termination: { sent: ['SIGTERM', 'SIGKILL'], exited: true } });
    expect(describeFailure(r, 1)).toBe('timed out after 1s: SIGTERM sent to its process group; still running after 5s: SIGKILL sent, exited on SIGKILL');
  });

  it('says when a command did not exit even after SIGKILL', () => {
    const r: CommandResult = {
      argv: ['x'],
      exitCode: null,
      signal: null,
      timedOut: true,
      outputLimitExceeded: false,
      termination: { reason: 'timeout', sent: ['SIGTERM', 'SIGKILL'], exited: false, waitedSeconds: 6 },
      outputCut: true,
      spawnError: null,
      saveError: null,
      stdout: '',
      stderr: '',
      outputBytes: 0,
      durationMs: 8000,
    };
    expect(describeFailure(r, 2)).toBe(
      'timed out after 2s: SIGTERM sent to its process group; still running after 5s: SIGKILL sent, did not exit even after SIGKILL (stopped waiting after 6s; it may still be running); ' +
        'a process it started kept its output open, output after that not captured',
    );
  });

  it('a command that printed more than its limit failed, even when it exited 0 before it could be stopped', () => {
    const r: CommandResult = {
      argv: ['x'],
      exitCode: 0,
      signal: null,
      timedOut: false,
      outputLimitExceeded: true,
      termination: null,
      outputCut: false,
      spawnError: null,
      saveError: null,
      stdout: '',
      stderr: '',
      outputBytes: 2_000_000,
      durationMs: 10,
    };
    expect(describeFailure(r, 2)).toBe('printed more than its output limit (2000000 bytes read) (it had exited with code 0)');
    expect(describeFailure({ ...r, outputLimitExceeded: false, saveError: 'ENOSPC: no space left on device, write' }, 2)).toBe(
      'its output could not be saved (ENOSPC: no space left on device, write) (it had exited with code 0)',
    );
  });

  it('a command that exits 0 leaving a process that holds its output: done, its output so far kept, the cut said', async () => {
    const dir = tempDir();
    const r = await runCommand(['sh', '-c', "echo before; setsid sh -c 'echo $$ > escaped.pid; sleep 1; echo after; exec sleep 25' & exit 0"], { cwd: dir, env, timeoutSeconds: 30 });
    const escaped = await pidIn(join(dir, 'escaped.pid'));
    expect(alive(escaped)).toBe(true);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, termination: null, outputCut: true });
    expect(r.stdout.startsWith('before\n')).toBe(true);
    expect(describeFailure(r, 30)).toBeNull();
    expect(describeEnd(r, 30)).toMatch(/^exit 0 after \d+ms: sh -c .*\na process it started kept its output open, output after that not captured$/);
  });

  it('stops a command that prints more than its output limit; the file holds no more than the limit', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const fd = openSync(out, 'w');
    const r = await runCommand(['sh', '-c', 'while :; do echo 0123456789abcdef0123456789abcdef; done'], {
      cwd: dir,
      env,
      timeoutSeconds: 60,
      stdoutFd: fd,
      maxOutputBytes: 1024 * 1024,
    });
    closeSync(fd);
    expect(r).toMatchObject({ outputLimitExceeded: true, timedOut: false, termination: { reason: 'output-limit', exited: true } });
    expect(statSync(out).size).toBeLessThanOrEqual(1024 * 1024);
    expect(describeFailure(r, 60)).toMatch(/^printed more than its output limit \(\d+ bytes read\) and was stopped: SIGTERM sent to its process group, exited on SIGTERM/);
  });

  it('counts stderr against the limit too', async () => {
    const r = await runCommand(['sh', '-c', 'while :; do echo noise >&2; done'], { cwd: tempDir(), env, timeoutSeconds: 60, maxOutputBytes: 64 * 1024 });
    expect(r.outputLimitExceeded).toBe(true);
  });

  it('writes stdout to a file byte for byte (invalid UTF-8 included)', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const fd = openSync(out, 'w');
    const r = await runCommand(['sh', '-c', "printf 'a\\377b\\n'"], { cwd: dir, env, timeoutSeconds: 10, stdoutFd: fd });
    closeSync(fd);
    expect(r.exitCode).toBe(0);
    expect([...readFileSync(out)]).toEqual([0x61, 0xff, 0x62, 0x0a]);
  });

  it('gives the command exactly the environment it is given', async () => {
    const r = await runCommand(['sh', '-c', 'env | sort'], { cwd: tempDir(), env: { PATH: env.PATH, ONLY_THIS: '1' }, timeoutSeconds: 10 });
    const names = r.stdout.split('\n').filter(Boolean).map((l) => l.split('=')[0]);
    // sh adds PWD (and SHLVL, _ for some shells) itself.
    expect(names.filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n!))).toEqual(['ONLY_THIS', 'PATH']);
  });
});
