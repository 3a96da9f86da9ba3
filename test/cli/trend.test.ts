import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

interface TrendJson {
  days: string[];
  trends: { view: string; points: { day: string; pass: number; rows: number }[]; last: number; change: number | null; growing: boolean; stuck: boolean }[];
}

describe('breakfix trend', () => {
  it('shows each view across passes and days, and flags a growing view and a stuck one', () => {
    const files = fleetFiles({ clusters: { dwh: 40 }, broken: [], run: ['true', '{hosts_file}'] });
    const dir = makeWorkspace({ ...files, 'queries/fixed-set.sql': 'SELECT hostname FROM inventory WHERE hostname < ' + `'${hostName('dwh', 4)}'\n` });
    // Day 1: broken grows 1, 2; day 2: 3, 4 (the loop of a broken fleet), while fixed-set never changes.
    const runs: [string, number][] = [
      ['2026-11-22T22:00:00Z', 1],
      ['2026-11-22T23:00:00Z', 2],
      ['2026-11-23T01:00:00Z', 3],
      ['2026-11-23T02:00:00Z', 4],
    ];
    for (const [now, n] of runs) {
      writeFileSync(join(dir, 'inputs', 'broken'), Array.from({ length: n }, (_, i) => hostName('dwh', i + 1)).join('\n') + '\n');
      const r = runCli(dir, ['pass', '-q'], { env: { BREAKFIX_NOW: now } });
      expect(r.code, r.stderr).toBe(0);
    }
    const r = runCli(dir, ['--json', 'trend', '--runs', '3', 'fix-candidates', 'fixed-set'], { env: { BREAKFIX_NOW: '2026-11-23T03:00:00Z' } });
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as TrendJson;
    expect(j.days).toEqual(['2026-11-22', '2026-11-23']);
    const fix = j.trends.find((t) => t.view === 'fix-candidates')!;
    expect(fix.points.map((p) => [p.day, p.rows])).toEqual([
      ['2026-11-22', 1],
      ['2026-11-22', 2],
      ['2026-11-23', 3],
      ['2026-11-23', 4],
    ]);
    expect(fix).toMatchObject({ last: 4, change: 1, growing: true, stuck: false });
    expect(j.trends.find((t) => t.view === 'fixed-set')).toMatchObject({ last: 3, change: 0, growing: false, stuck: true });

    const text = runCli(dir, ['trend', '--runs', '3', 'fix-candidates', 'fixed-set'], { env: { BREAKFIX_NOW: '2026-11-23T03:00:00Z' } });
    expect(text.stdout).toBe(
      [
        '2026-11-22 .. 2026-11-23, 4 passes',
        'view            trend  last  change  flags',
        'fix-candidates  ▁▃▆█      4  +1      growing 3 passes running',
        'fixed-set       ▁▁▁▁      3  0       same 3 members for 3 passes',
        '',
      ].join('\n'),
    );
  });

  it('says there is no history before the first pass', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 5 }, broken: [], run: ['true', '{hosts_file}'] }));
    const r = runCli(dir, ['trend'], { env: { BREAKFIX_NOW: '2026-11-23T03:00:00Z' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no pass history yet (run "breakfix pass")\n');
  });
});
