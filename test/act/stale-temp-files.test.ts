import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../src/act/stale-temp-files.js';
import { makeWorkspace, runCli, tempDir } from '../helpers/cli.js';

const DEAD_PID = 999_999_999;

function layout(runs: string, files: readonly string[]): void {
  for (const f of files) {
    mkdirSync(join(runs, f, '..'), { recursive: true });
    if (f.endsWith('/')) mkdirSync(join(runs, f), { recursive: true });
    else writeFileSync(join(runs, f), 'x');
  }
}

describe('removeStaleTempFiles', () => {
  it('removes what killed writers left under runs/, and nothing else', () => {
    const runs = join(tempDir(), 'runs');
    const stale = [
      `2026-11-23/.drain-candidates.tmp-${DEAD_PID}`,
      `2026-11-23/manifest.json.tmp-${DEAD_PID}`,
      `2026-11-23/plan/drain.json.tmp-${DEAD_PID}`,
      '2026-11-23/plan/drain.hosts.tmp',
      '2026-11-23/inputs/pinged.partial',
      '2026-11-23/.sort-AbC123/',
      `2026-11-22/.hdfs-dead.tmp-${DEAD_PID}`,
      `pause.json.tmp-${DEAD_PID}`,
    ];
    const kept = [
      '2026-11-23/drain-candidates',
      '2026-11-23/manifest.json',
      '2026-11-23/plan/drain.hosts',
      '2026-11-23/inputs/pinged',
      '2026-11-23/transcript.log',
      // a live process's own temporary files: this process, and its parent (a `breakfix pause` in flight)
      `2026-11-23/.drain-candidates.tmp-${process.pid}`,
      `pause.json.tmp-${process.ppid}`,
      // not a day directory: not breakfix's
      `notes/.x.tmp-${DEAD_PID}`,
    ];
    layout(runs, [...stale, ...kept]);
    const removed = removeStaleTempFiles(runs);
    expect(removed.map((p) => p.slice(runs.length + 1).replace(/\/$/, '')).sort()).toEqual(stale.map((s) => s.replace(/\/$/, '')).sort());
    for (const f of kept) expect(existsSync(join(runs, f)), f).toBe(true);
    for (const f of stale) expect(existsSync(join(runs, f)), f).toBe(false);
  });

  it('is a no-op without runs/', () => {
    expect(removeStaleTempFiles(join(tempDir(), 'runs'))).toEqual([]);
  });

  it('runs when a command takes the lock, and says what it removed', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
    layout(join(dir, 'runs'), [`2026-11-23/.hosts-view.tmp-${DEAD_PID}`]);
    const r = runCli(dir, ['import'], { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: removed 1 temporary file a killed process left (runs/2026-11-23/.hosts-view.tmp-${DEAD_PID})`);
    expect(existsSync(join(dir, 'runs', '2026-11-23', `.hosts-view.tmp-${DEAD_PID}`))).toBe(false);
  });
});
