import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/workspace-lock.js';
import { LockHeld } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

/** The lock in one process (between processes, and the record exit 75 quotes: test/cli/lock.test.ts). */
describe('acquireLock', () => {
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
