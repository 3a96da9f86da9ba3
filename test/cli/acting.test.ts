import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli, startCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const recordArgs = ['sh', '-c', 'printf "%s|%s|%s|%s\\n" "$#" "$1" "$BREAKFIX_ACTION" "$BREAKFIX_DAY" >> acted.log', 'sh', '{host}'];

function acted(dir: string): string[] {
  const f = join(dir, 'acted.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe('acting', () => {
  it('runs nothing without --execute and says what would have run', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs }));
    const r = runCli(dir, ['pass'], { env: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: nothing executed');
    expect(r.stdout).toContain(`would run: sh -c`);
    expect(acted(dir)).toEqual([]);
  });

  it('passes {host} as exactly one argv element, with BREAKFIX_* in the environment', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs }));
    const r = runCli(dir, ['pass', '--execute'], { env: NOW });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(acted(dir)).toEqual([`1|${hostName('dwh', 1)}|fix|${DAY}`]);
  });

  it('never lets a shell metacharacter become a host: rejected at import, nothing runs', () => {
    const files = fleetFiles({ clusters: { dwh: 10 }, broken: [], run: recordArgs });
    // A host list splits on blanks like HDFS's own reader, so the first token is what gets rejected.
    for (const [evil, token] of [['a;rm -rf x', 'a;rm'], ['$(touch y)', '$(touch']]) {
      const dir = makeWorkspace({ ...files, 'inputs/broken': `${evil}\n` });
      const r = runCli(dir, ['pass', '--execute'], { env: NOW });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`FAILED broken: ${dir}/inputs/broken:1: invalid hostname ${JSON.stringify(token)}`);
      expect(acted(dir)).toEqual([]);
      expect(existsSync(join(dir, 'y'))).toBe(false);
    }
  });

  it('keeps each cluster within its budget: 6% of 49 hosts is 2', () => {
    const broken = Array.from({ length: 10 }, (_, i) => hostName('dwh', i + 1));
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 49 }, broken, run: recordArgs }));
    const r = runCli(dir, ['pass', '--execute'], { env: NOW });
    expect(r.code).toBe(0);
    expect(acted(dir)).toHaveLength(2);
    // The same day, a second pass: the two acted on still count as out, so nothing more runs.
    const again = runCli(dir, ['pass', '--execute'], { env: { BREAKFIX_NOW: `${DAY}T12:10:00Z` } });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/budget used: 2 of 2 out/);
    expect(acted(dir)).toHaveLength(2);
  });

  it('acts on nothing for a deleted plan and never beyond budget for an edited one', () => {
    const broken = Array.from({ length: 10 }, (_, i) => hostName('dwh', i + 1));
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 49 }, broken, run: recordArgs }));
    expect(runCli(dir, ['import'], { env: NOW }).code).toBe(0);
    expect(runCli(dir, ['plan'], { env: NOW }).code).toBe(0);
    const plan = join(dir, 'runs', DAY, 'plan', 'fix');
    rmSync(plan);
    const none = runCli(dir, ['act', '--execute'], { env: NOW });
    expect(none.stdout).toContain('action fix: no plan on disk: nothing to do');
    expect(acted(dir)).toEqual([]);
    // An operator adds every broken host to the plan: only the budget's worth is acted on.
    writeFileSync(plan, broken.map((h) => `${h}\tdwh\t-\t-\n`).join(''));
    const edited = runCli(dir, ['act', '--execute'], { env: NOW });
    expect(edited.code).toBe(0);
    expect(acted(dir)).toHaveLength(2);
    expect(edited.stdout).toMatch(/not acted on: .*budget/);
  });

  it('acts on nothing while paused, and says who paused, when and why', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: recordArgs }));
    expect(runCli(dir, ['pause', '--reason', 'INCIDENT-42: network maintenance'], { env: NOW }).code).toBe(0);
    const r = runCli(dir, ['pass', '--execute'], { env: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PAUSED by \S+ at 2026-11-23T12:00:\d\d\.\d+Z: INCIDENT-42: network maintenance/);
    expect(acted(dir)).toEqual([]);
    expect(existsSync(join(dir, 'runs', DAY, 'plan', 'fix'))).toBe(true);
    expect(runCli(dir, ['resume', '--reason', 'maintenance over'], { env: NOW }).code).toBe(0);
    expect(runCli(dir, ['pass', '--execute'], { env: NOW }).code).toBe(0);
    expect(acted(dir)).toHaveLength(1);
  });

  it('after a kill -9 during an action, reports the outcome unknown, counts the host out and never runs it again', async () => {
    const slow = ['sh', '-c', 'echo "$1" >> started.log; sleep 5; echo "$1" >> acted.log', 'sh', '{host}'];
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 100 }, broken: [hostName('dwh', 1)], run: slow, percent: 1 }));
    const child = startCli(dir, ['pass', '--execute'], { env: NOW });
    const started = join(dir, 'started.log');
    for (let i = 0; i < 200 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(started)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const again = runCli(dir, ['pass', '--execute'], { env: { BREAKFIX_NOW: `${DAY}T12:10:00Z` } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unknown outcomes (count as out until cleared with "breakfix clear HOST --reason ..."):');
    expect(again.stdout).toContain(`fix ${hostName('dwh', 1)}`);
    expect(readFileSync(started, 'utf8').trim().split('\n')).toEqual([hostName('dwh', 1)]);
    const db = new Database(join(dir, 'runs', DAY, 'state.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT hostname, outcome FROM journal").all()).toEqual([{ hostname: hostName('dwh', 1), outcome: 'unknown' }]);
    db.close();
  });
});

