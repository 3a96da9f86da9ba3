import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, isAlive } from '../../src/act/lock.js';
import { LockHeld } from '../../src/errors.js';
import { makeWorkspace, runCli, startCli, tempDir } from '../helpers/cli.js';

const config = (extra = '') => `
sources:
  hosts:
    kind: hostlist
    command: [sh, -c, "sleep 3; echo dn1.example.com"]
${extra}`;

describe('workspace lock', () => {
  it('lets a second process exit 75 naming the holder while the first imports', async () => {
    const dir = makeWorkspace({ 'breakfix.yaml': config() });
    const first = startCli(dir, ['import']);
    const lockFile = join(dir, 'runs', '.lock');
    for (let i = 0; i < 100 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 50));
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; host: string };
    const second = runCli(dir, ['import']);
    expect(second.code).toBe(75);
    expect(second.stderr).toContain(`workspace is locked by pid ${holder.pid} on ${hostname()} since `);
    expect(second.stderr).toContain('(breakfix import)');
    const code = await new Promise<number | null>((r) => first.on('close', r));
    expect(code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('holds under a replayed clock in the past (BREAKFIX_NOW): the holder is not mistaken for a recycled pid', async () => {
    // The lock used to be stamped with BREAKFIX_NOW; isAlive compares the stamp with the holder's
    // real start time, found the process "started after the lock was taken", and let the second one in.
    const dir = makeWorkspace({ 'breakfix.yaml': config() });
    const env = { BREAKFIX_NOW: '2020-01-01T12:00:00Z' };
    const first = startCli(dir, ['import'], { env });
    const lockFile = join(dir, 'runs', '.lock');
    for (let i = 0; i < 100 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 50));
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; started: string };
    expect(Math.abs(Date.parse(holder.started) - Date.now())).toBeLessThan(60_000);
    const second = runCli(dir, ['import'], { env });
    expect(second.stderr).toContain(`workspace is locked by pid ${holder.pid} on ${hostname()} since ${holder.started}`);
    expect(second.code).toBe(75);
    expect(await new Promise<number | null>((r) => first.on('close', r))).toBe(0);
  });

  it('takes over a lock whose pid is dead, with a warning', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
    mkdirSync(join(dir, 'runs'));
    writeFileSync(join(dir, 'runs', '.lock'), JSON.stringify({ pid: 999_999_999, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'breakfix pass' }), {
      flag: 'w',
    });
    const r = runCli(dir, ['import']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('breakfix: warning: took over a stale lock of pid 999999999');
  });

  it('read-only commands take no lock', () => {
    const dir = tempDir();
    const lock = acquireLock(join(dir, 'runs', '.lock'), 'test');
    try {
      expect(() => acquireLock(join(dir, 'runs', '.lock'), 'second')).toThrow(LockHeld);
    } finally {
      lock.release();
    }
    const again = acquireLock(join(dir, 'runs', '.lock'), 'third');
    again.release();
  });

  it('treats a holder on another host as alive (it cannot be checked)', () => {
    expect(isAlive({ pid: 999_999_999, host: 'elsewhere.example.com', started: new Date().toISOString() })).toBe(true);
    expect(isAlive({ pid: 999_999_999, host: hostname(), started: new Date().toISOString() })).toBe(false);
    expect(isAlive({ pid: process.pid, host: hostname(), started: new Date().toISOString() })).toBe(true);
  });
});
