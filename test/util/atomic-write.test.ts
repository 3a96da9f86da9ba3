import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile, makeTempDir, tempNamePid, writeFileAtomic } from '../../src/util/atomic-write.js';
import { tempDir } from '../helpers/cli.js';

/** A directory with a victim file outside it, for links planted inside. */
function withVictim(): { dir: string; victim: string } {
  const base = tempDir();
  const dir = join(base, 'dir');
  mkdirSync(dir);
  const victim = join(base, 'victim');
  writeFileSync(victim, 'precious\n');
  return { dir, victim };
}

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file', () => {
    const { dir } = withVictim();
    writeFileAtomic(join(dir, 'plan.json'), '{"a":1}\n');
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('replaces a link planted at the destination, never writing its target', () => {
    const { dir, victim } = withVictim();
    symlinkSync(victim, join(dir, 'manifest.json'));
    writeFileAtomic(join(dir, 'manifest.json'), 'new\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(dir, 'manifest.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('new\n');
  });
});

describe('AtomicFile', () => {
  it('writes under .NAME.tmp-PID-RANDOM beside the destination, then renames it into place', () => {
    const { dir } = withVictim();
    const f = AtomicFile.create(join(dir, 'drain-candidates'));
    expect(f.tempPath.startsWith(join(dir, '.drain-candidates.tmp-'))).toBe(true);
    expect(tempNamePid(f.tempPath.slice(dir.length + 1))).toBe(process.pid);
    f.write('a\n');
    f.write(Buffer.from('b\n'));
    expect(existsSync(join(dir, 'drain-candidates'))).toBe(false);
    f.commit();
    expect(readFileSync(join(dir, 'drain-candidates'), 'utf8')).toBe('a\nb\n');
    expect(readdirSync(dir)).toEqual(['drain-candidates']);
  });

  it('abort removes the temporary file and leaves the destination as it was', () => {
    const { dir } = withVictim();
    writeFileSync(join(dir, 'v'), 'old\n');
    const f = AtomicFile.create(join(dir, 'v'));
    f.write('half');
    f.abort();
    expect(readdirSync(dir)).toEqual(['v']);
    expect(readFileSync(join(dir, 'v'), 'utf8')).toBe('old\n');
  });

  it('creates its file group-writable in a group-writable directory whatever the umask, and never world-writable', () => {
    const { dir } = withVictim();
    chmodSync(dir, 0o2775);
    const old = process.umask(0o022);
    try {
      writeFileAtomic(join(dir, 'shared'), 'x');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'shared')).mode & 0o777).toBe(0o664);
  });

  it('keeps the umask in a directory that is not group-writable', () => {
    const { dir } = withVictim();
    chmodSync(dir, 0o755);
    const old = process.umask(0o022);
    try {
      writeFileAtomic(join(dir, 'private'), 'x');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'private')).mode & 0o777).toBe(0o644);
  });
});

describe('makeTempDir', () => {
  it('makes a private directory named like a temporary file', () => {
    const { dir } = withVictim();
    const d = makeTempDir(dir, 'sort');
    expect(tempNamePid(d.slice(dir.length + 1))).toBe(process.pid);
    expect(d.slice(dir.length + 1).startsWith('.sort.tmp-')).toBe(true);
    expect(statSync(d).mode & 0o777).toBe(0o700);
  });
});
