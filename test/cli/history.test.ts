import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli, writeFiles } from '../helpers/cli.js';

const DAY1 = '2026-11-22';
const DAY2 = '2026-11-23';
const at = (day: string, time = '12:00:00') => ({ BREAKFIX_NOW: `${day}T${time}Z` });
const recordArgs = ['sh', '-c', 'echo "$1" >> acted.log', 'sh', '{host}'];
const acted = (dir: string) => (existsSync(join(dir, 'acted.log')) ? readFileSync(join(dir, 'acted.log'), 'utf8').split('\n').filter(Boolean) : []);

/** Day 1 acted on host 1 and left host 2's outcome unknown (a process died mid-command). */
function dayOne(): string {
  const broken = [1, 2, 3].map((i) => hostName('dwh', i));
  const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 100 }, groups: 1, percent: 1, broken, run: recordArgs }));
  expect(runCli(dir, ['pass', '--execute'], { env: at(DAY1) }).code).toBe(0);
  expect(acted(dir)).toEqual([hostName('dwh', 1)]);
  const db = new Database(join(dir, 'runs', DAY1, 'state.db'));
  db.prepare(`INSERT INTO journal (pass, action, hostname, cluster, host_group, pid, command, started_ms, outcome) VALUES (1, 'fix', ?, 'dwh', 'g1', 1, '[]', 0, 'unknown')`).run(hostName('dwh', 2));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dir;
}

/** Ways an earlier day's state.db can be unreadable, and how breakfix words each. */
const BREAKAGES: readonly { what: string; breakIt: (file: string) => void; problem: string }[] = [
  { what: 'not a database', breakIt: (f) => writeFileSync(f, 'this is not a database\n'.repeat(200)), problem: 'it is not a SQLite database' },
  {
    what: 'a database without the schema',
    breakIt: (f) => {
      rmSync(f);
      const db = new Database(f);
      db.exec('CREATE TABLE x (y)');
      db.close();
    },
    problem: 'no breakfix schema in it (missing tables journal, passes, imports, view_history)',
  },
  { what: 'truncated', breakIt: (f) => truncateSync(f, 3000), problem: 'it is corrupt (database disk image is malformed)' },
];

const refusal = (problem: string) =>
  `REFUSED: history: runs/${DAY1}/state.db: ${problem}. The unknown action outcomes and source sizes of ${DAY1} cannot be checked, so nothing is acted on. ` +
  `Restore or repair that file, or accept acting without it: breakfix accept-history --reason "..."`;

describe("an unreadable previous day's state", () => {
  for (const b of BREAKAGES) {
    it(`(${b.what}) refuses every action, exit 3, until an operator accepts it; plans are still written`, () => {
      const dir = dayOne();
      b.breakIt(join(dir, 'runs', DAY1, 'state.db'));

      const r = runCli(dir, ['pass', '--execute'], { env: at(DAY2) });
      expect(r.code).toBe(3);
      expect(r.stdout).toContain(`pass 1 of ${DAY2}: refused`);
      expect(r.stdout).toContain(`  ${refusal(b.problem)}`);
      // Host 2's outcome is unknown since day 1: it would have been acted on again.
      expect(acted(dir)).toEqual([hostName('dwh', 1)]);
      const plan = JSON.parse(readFileSync(join(dir, 'runs', DAY2, 'plan', 'fix.json'), 'utf8')) as { global_failures: string[] };
      expect(plan.global_failures).toEqual([refusal(b.problem).slice('REFUSED: '.length)]);
      expect(readFileSync(join(dir, 'runs', DAY2, 'plan', 'fix'), 'utf8')).toBe('');

      // Still refused on the next pass (the day's own refused pass does not become the history), and by plan and act.
      expect(runCli(dir, ['pass', '--execute'], { env: at(DAY2, '12:10:00') }).code).toBe(3);
      expect(runCli(dir, ['plan'], { env: at(DAY2, '12:11:00') }).code).toBe(3);
      writeFiles(dir, { [`runs/${DAY2}/plan/fix`]: `${hostName('dwh', 2)}\tdwh\t-\t-\n` });
      const act = runCli(dir, ['act', '--execute'], { env: at(DAY2, '12:12:00') });
      expect(act.code).toBe(3);
      expect(act.stdout).toContain(`  ${refusal(b.problem)}`);
      expect(acted(dir)).toEqual([hostName('dwh', 1)]);

      // The operator accepts, with a reason: recorded with who and why, then acting resumes.
      expect(runCli(dir, ['accept-history'], { env: at(DAY2) }).code).toBe(2);
      const accept = runCli(dir, ['accept-history', '--reason', 'day 1 disk died; checked the fleet by hand (INC-9)'], { env: at(DAY2, '12:20:00') });
      expect(accept.code).toBe(0);
      expect(accept.stdout).toMatch(new RegExp(`^accepted on ${DAY2}: acting without ${DAY1} \\(.*/runs/${DAY1}/state\\.db: .*\\); its unknown outcomes and source sizes are not checked \\(audit #1\\)\\n$`));
      const again = runCli(dir, ['accept-history', '--reason', 'twice'], { env: at(DAY2, '12:21:00') });
      expect(again.stdout).toBe(`nothing more to accept on ${DAY2}: already accepted ${DAY1}\n`);

      const ok = runCli(dir, ['pass', '--execute'], { env: at(DAY2, '12:30:00') });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        new RegExp(`^warning: runs/${DAY1}/state\\.db: .*; acting without ${DAY1}'s unknown outcomes and source sizes, as accepted by \\S+ \\(uid \\d+\\) at ${DAY2}T12:20:\\d\\d\\.\\d+Z: day 1 disk died; checked the fleet by hand \\(INC-9\\)$`, 'm'),
      );
      expect(acted(dir).length).toBeGreaterThan(1);
      const journal = runCli(dir, ['--day', DAY2, 'journal'], { env: at(DAY2) });
      expect(journal.stdout).toMatch(/accept-history +2026-11-22 +\S+ +\d+ +day 1 disk died; checked the fleet by hand \(INC-9\)/);
    });
  }

  it('refuses a 75% inventory shrink that an unreadable previous day would have hidden', () => {
    const dir = dayOne();
    writeFileSync(join(dir, 'runs', DAY1, 'state.db'), 'garbage');
    const files = fleetFiles({ clusters: { dwh: 25 }, groups: 1, percent: 4, broken: [hostName('dwh', 3)], run: recordArgs, invariants: ['inputs-fresh', 'inputs-not-shrunk'] });
    writeFiles(dir, { 'inputs/inventory.tsv': files['inputs/inventory.tsv']!, 'inputs/broken': files['inputs/broken']! });
    const r = runCli(dir, ['pass', '--execute'], { env: at(DAY2) });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`REFUSED: history: runs/${DAY1}/state.db: it is not a SQLite database.`);
    expect(acted(dir)).toEqual([hostName('dwh', 1)]);
  });

  it('a day without a state.db is a gap, not an error', () => {
    const dir = dayOne();
    rmSync(join(dir, 'runs', DAY1, 'state.db'));
    for (const f of ['state.db-wal', 'state.db-shm']) rmSync(join(dir, 'runs', DAY1, f), { force: true });
    const r = runCli(dir, ['pass', '--execute'], { env: at(DAY2) });
    expect(r.stdout).not.toContain('REFUSED');
    expect(r.code).toBe(0);
  });

  it('a readable previous day carries its unknown outcomes over: the host is not acted on again', () => {
    const dir = dayOne();
    const r = runCli(dir, ['pass', '--execute'], { env: at(DAY2) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`warning: 1 unknown action outcome carried over from ${DAY1}`);
    expect(acted(dir)).not.toContain(hostName('dwh', 2));
  });
});
