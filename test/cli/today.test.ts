import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const recordArgs = ['sh', '-c', 'echo "$1" >> acted.log', 'sh', '{host}'];

const acted = (dir: string) => (existsSync(join(dir, 'acted.log')) ? readFileSync(join(dir, 'acted.log'), 'utf8').split('\n').filter(Boolean) : []);

describe('acting only on today', () => {
  it('refuses act --execute for another day (exit 2), saying why, and runs nothing', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs }));
    // A plan for that day exists: the refusal is not for want of one.
    expect(runCli(dir, ['--day', '2026-01-01', 'pass'], { env: NOW }).code).toBe(0);
    const r = runCli(dir, ['--day', '2026-01-01', 'act', '--execute'], { env: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'breakfix: act: --day 2026-01-01 is not today (2026-11-23 in UTC, by this command\'s clock): breakfix acts only on today, with today\'s data, budgets and journal. ' +
        'Drop --day to act today, or use "breakfix plan" to see what another day would plan.\n',
    );
    expect(acted(dir)).toEqual([]);
    // A dry-run act for another day is refused too: acting is for today.
    expect(runCli(dir, ['--day', '2026-01-01', 'act'], { env: NOW }).code).toBe(2);
  });

  it('refuses pass --execute for yesterday (exit 2), and names the day it resolved to', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs }));
    const r = runCli(dir, ['--day', 'yesterday', 'pass', '--execute'], { env: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'breakfix: pass --execute: --day yesterday (2026-11-22) is not today (2026-11-23 in UTC, by this command\'s clock): breakfix acts only on today, with today\'s data, budgets and journal. ' +
        'Drop --day to act today, or drop --execute to replay that day as a dry run.\n',
    );
    expect(acted(dir)).toEqual([]);
    expect(existsSync(join(dir, 'runs', '2026-11-22'))).toBe(false);
    // A dry run of another day is still allowed, and --day today acts.
    expect(runCli(dir, ['--day', 'yesterday', 'pass'], { env: NOW }).code).toBe(0);
    expect(runCli(dir, ['--day', DAY, 'pass', '--execute'], { env: NOW }).code).toBe(0);
    expect(acted(dir)).toEqual([hostName('dwh', 1)]);
  });

  it('today is the config time zone\'s date: at 23:30 UTC it is already tomorrow in Tokyo', () => {
    const files = fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs });
    const dir = makeWorkspace({ ...files, 'breakfix.yaml': `timezone: Asia/Tokyo\n${files['breakfix.yaml']}` });
    const late = { BREAKFIX_NOW: `${DAY}T23:30:00Z` };
    const r = runCli(dir, ['--day', DAY, 'act', '--execute'], { env: late });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('act: --day 2026-11-23 is not today (2026-11-24 in Asia/Tokyo, by this command\'s clock)');
  });
});
