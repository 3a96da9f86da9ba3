import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../src/act/stale-temp-files.js';
import { tempNameFor, tempNamePid } from '../../src/util/atomic-write.js';
import { tempDir } from '../helpers/cli.js';

const DEAD_PID = 999_999_999;
const RANDOM = '0123456789ab';
const dead = (name: string) => `.${name}.tmp-${DEAD_PID}-${RANDOM}`;

function layout(runs: string, files: readonly string[]): void {
  for (const f of files) {
    mkdirSync(join(runs, f, '..'), { recursive: true });
    if (f.endsWith('/')) mkdirSync(join(runs, f), { recursive: true });
    else writeFileSync(join(runs, f), 'x');
  }
}

describe('the temporary name', () => {
  it('is .NAME.tmp-PID-RANDOM, hidden, with this pid and 12 random hex digits, different every time', () => {
    const a = tempNameFor('drain-candidates');
    expect(a).toMatch(new RegExp(`^\\.drain-candidates\\.tmp-${process.pid}-[0-9a-f]{12}$`));
    expect(tempNameFor('drain-candidates')).not.toBe(a);
    expect(tempNamePid(a)).toBe(process.pid);
  });

  it('is the only form the sweep recognises', () => {
    expect(tempNamePid(dead('x'))).toBe(DEAD_PID);
    for (const other of [`.x.tmp-${DEAD_PID}`, `x.tmp-${DEAD_PID}-${RANDOM}`, `.x.tmp-${DEAD_PID}-0123456789AB`, `.x.tmp-${DEAD_PID}-0123456789a`, 'drain.hosts.tmp', 'pinged.partial', '.sort-AbC123', `.lock.${DEAD_PID}.tmp`]) {
      expect(tempNamePid(other), other).toBeUndefined();
    }
  });
});

describe('removeStaleTempFiles', () => {
  it("removes what killed writers left under runs/ (the one temporary-name form, dead pids), and nothing else", () => {
    const runs = join(tempDir(), 'runs');
    const stale = [
      `2026-11-23/${dead('drain-candidates')}`,
      `2026-11-23/${dead('manifest.json')}`,
      `2026-11-23/plan/${dead('drain.json')}`,
      `2026-11-23/plan/${dead('drain.hosts')}`,
      `2026-11-23/inputs/${dead('pinged')}`,
      `2026-11-23/${dead('sort')}/`,
      `2026-11-22/${dead('hdfs-dead')}`,
      dead('pause.json'),
      dead('.lock'),
    ];
    const kept = [
      '2026-11-23/drain-candidates',
      '2026-11-23/manifest.json',
      '2026-11-23/plan/drain.hosts',
      '2026-11-23/inputs/pinged',
      '2026-11-23/transcript.log',
      // a live process's own temporary files: this process, and its parent (a `breakfix pause` in flight)
      `2026-11-23/.drain-candidates.tmp-${process.pid}-${RANDOM}`,
      `.pause.json.tmp-${process.ppid}-${RANDOM}`,
      // names of another form are not breakfix's (the forms before there was one)
      `2026-11-23/.drain-candidates.tmp-${DEAD_PID}`,
      '2026-11-23/plan/drain.hosts.tmp',
      '2026-11-23/inputs/pinged.partial',
      '2026-11-23/.sort-AbC123/',
      `.lock.${DEAD_PID}.tmp`,
      // not a day directory: not breakfix's
      `notes/${dead('x')}`,
    ];
    layout(runs, [...stale, ...kept]);
    const { removed, failed } = removeStaleTempFiles(runs);
    expect(failed).toEqual([]);
    expect(removed.map((p) => p.slice(runs.length + 1)).sort()).toEqual(stale.map((s) => s.replace(/\/$/, '')).sort());
    for (const f of kept) expect(existsSync(join(runs, f)), f).toBe(true);
    for (const f of stale) expect(existsSync(join(runs, f)), f).toBe(false);
  });

  it('does not go through a day directory that is a link', () => {
    const base = tempDir();
    const runs = join(base, 'runs');
    const elsewhere = join(base, 'elsewhere');
    layout(elsewhere, [dead('victim')]);
    mkdirSync(runs);
    symlinkSync(elsewhere, join(runs, '2026-11-23'));
    expect(removeStaleTempFiles(runs)).toEqual({ removed: [], failed: [] });
    expect(readdirSync(elsewhere)).toEqual([dead('victim')]);
  });

  it('is a no-op without runs/', () => {
    expect(removeStaleTempFiles(join(tempDir(), 'runs'))).toEqual({ removed: [], failed: [] });
  });
});
