import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/workspace-lock.js';
import { LockHeld } from '../../src/errors.js';
import { makeWorkspace, runCli, skewedClockEnv, startCli, tempDir } from '../helpers/cli.js';

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

  it('holds against a second process whose wall clock is seconds ahead or behind', async () => {
    // Liveness used to be judged by comparing the lock's start stamp with the holder's start time
    // from /proc, both computed from wall clocks: a contender whose clock was 3 s ahead decided the
    // live holder was a recycled pid, took the lock over, and both acted at once.
    for (const skewMs of [3_000, -3_000, 86_400_000]) {
      const dir = makeWorkspace({ 'breakfix.yaml': config() });
      const first = startCli(dir, ['import']);
      const lockFile = join(dir, 'runs', '.lock');
      for (let i = 0; i < 100 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 50));
      const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; started: string };
      const second = runCli(dir, ['import'], { env: skewedClockEnv(skewMs) });
      expect({ skewMs, code: second.code }).toEqual({ skewMs, code: 75 });
      expect(second.stderr).toContain(`workspace is locked by pid ${holder.pid} on ${hostname()} since ${holder.started}`);
      expect(second.stderr).not.toContain('took over');
      expect(await new Promise<number | null>((r) => first.on('close', r))).toBe(0);
    }
  });

  it('treats an unreadable or garbage lock file as held, and says how to recover', () => {
    for (const [content, problem] of [
      ['garbage\n', 'it is not a lock record (JSON with pid, host, started)'],
      ['', 'it is empty'],
      ['{"pid": 0, "host": "x", "started": "y"}', 'it is not a lock record (JSON with pid, host, started)'],
    ] as const) {
      const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
      mkdirSync(join(dir, 'runs'));
      const lockFile = join(dir, 'runs', '.lock');
      writeFileSync(lockFile, content);
      const r = runCli(dir, ['import']);
      expect(r.code).toBe(75);
      expect(r.stderr).toBe(
        `breakfix: the workspace lock record ${lockFile} cannot be read (${problem}), so breakfix cannot tell who holds the workspace and treats it as locked. ` +
          `If no breakfix process runs in this workspace (check with ps), remove ${lockFile} and try again.\n`,
      );
      expect(existsSync(join(dir, 'runs', new Date().toISOString().slice(0, 10), 'state.db'))).toBe(false);
      expect(readFileSync(lockFile, 'utf8')).toBe(content);
    }
  });

  it('takes over a record naming a live pid or another host when the kernel lock is free: the record is not the lock', () => {
    for (const holder of [
      { pid: process.pid, host: hostname(), started: new Date(Date.now() + 60_000).toISOString(), command: 'breakfix pass' },
      { pid: 4242, host: 'elsewhere.example.com', started: '2026-01-01T00:00:00.000Z', command: 'breakfix pass' },
    ]) {
      const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
      mkdirSync(join(dir, 'runs'));
      writeFileSync(join(dir, 'runs', '.lock'), JSON.stringify(holder));
      const r = runCli(dir, ['import']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`breakfix: warning: took over a stale lock of pid ${holder.pid} on ${holder.host} (since ${holder.started})`);
      expect(existsSync(join(dir, 'runs', '.lock'))).toBe(false);
    }
  });

  it('a kernel lock held by something that wrote no live record is still held: exit 75 says so', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
    mkdirSync(join(dir, 'runs'));
    const lockFile = join(dir, 'runs', '.lock');
    // Another program (say, someone's sqlite3 session) holds the guard; the record, if any, names a dead pid.
    const guard = new Database(`${lockFile}.guard`);
    guard.exec('BEGIN EXCLUSIVE');
    try {
      const none = runCli(dir, ['import']);
      expect(none.code).toBe(75);
      expect(none.stderr).toBe(`breakfix: workspace is locked: another process holds ${lockFile}.guard, and nothing is recorded in ${lockFile}. Try again later.\n`);
      writeFileSync(lockFile, JSON.stringify({ pid: 999_999_999, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
      const dead = runCli(dir, ['import']);
      expect(dead.code).toBe(75);
      expect(dead.stderr).toBe(
        `breakfix: workspace is locked: another process holds ${lockFile}.guard; ${lockFile} names pid 999999999 on ${hostname()}, which is not running. Try again later.\n`,
      );
    } finally {
      guard.close();
    }
    // Once it lets go, the dead holder's record is taken over.
    const r = runCli(dir, ['import']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('breakfix: warning: took over a stale lock of pid 999999999');
  });

  it('a second acquire in the same process finds the lock held; release lets the next one in', () => {
    const dir = tempDir();
    const lockFile = join(dir, 'runs', '.lock');
    const lock = acquireLock(lockFile, 'test');
    try {
      expect(() => acquireLock(lockFile, 'second')).toThrow(LockHeld);
      expect(() => acquireLock(lockFile, 'second')).toThrow(`workspace is locked by pid ${process.pid} on ${hostname()} since ${lock.holder.started} (test)`);
    } finally {
      lock.release();
    }
    expect(existsSync(lockFile)).toBe(false);
    const again = acquireLock(lockFile, 'third');
    expect(again.tookOverFrom).toBeUndefined();
    again.release();
  });
});
