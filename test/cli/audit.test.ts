import Database from 'better-sqlite3';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const LATER = { BREAKFIX_NOW: `${DAY}T12:10:00Z` };
/** What someone might set to pass for another person: never the identity. */
const SPOOF = { USER: 'mallory', LOGNAME: 'mallory', SUDO_USER: 'mallory' };
const ME = userInfo().username;
const UID = process.getuid!();

interface AuditRow {
  command: string;
  subject: string | null;
  detail: string | null;
  reason: string;
  user: string;
  uid: number | null;
  sudo_user: string | null;
  host: string;
}

function rows<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, 'runs', DAY, 'state.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const audit = (dir: string) => rows<AuditRow>(dir, 'SELECT command, subject, detail, reason, user, uid, sudo_user, host FROM operator_audit ORDER BY id');
const journal = (dir: string) => rows<{ id: number; hostname: string; outcome: string; note: string | null }>(dir, 'SELECT id, hostname, outcome, note FROM journal ORDER BY id');

/** A day on which host 1 was acted on (done). */
function actedOn(): string {
  const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, broken: [hostName('dwh', 1)], run: ['true', '{host}'] }));
  expect(runCli(dir, ['pass', '--execute'], { env: NOW }).code).toBe(0);
  return dir;
}

describe('breakfix clear', () => {
  it('requires --reason', () => {
    const dir = actedOn();
    const r = runCli(dir, ['clear', hostName('dwh', 1)], { env: LATER });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: required option '--reason <text>' not specified\n");
    const blank = runCli(dir, ['clear', hostName('dwh', 1), '--reason', '  '], { env: LATER });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toBe('breakfix: clear: --reason must say why (it is kept in the audit record with who and when)\n');
  });

  it('will not clear a done entry without --force (it used to, silently)', () => {
    const dir = actedOn();
    const r = runCli(dir, ['clear', hostName('dwh', 1), '--reason', 'looks fine'], { env: LATER });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `breakfix: clear: ${hostName('dwh', 1)} has no unknown or running journal entries on ${DAY}, only settled ones (#1 fix done): nothing cleared. ` +
        'A settled entry keeps the host counted as out for the rest of the day; add --force to clear it anyway.\n',
    );
    expect(journal(dir).map((e) => e.outcome)).toEqual(['done']);
    expect(audit(dir)).toEqual([]);
  });

  it('--force clears it, recording the OS identity (uid and account), not $USER or $SUDO_USER', () => {
    const dir = actedOn();
    const r = runCli(dir, ['clear', hostName('dwh', 1), '--reason', 'reinstalled by hand (INC-3)', '--force'], { env: { ...LATER, ...SPOOF } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`cleared 1 journal entry of ${hostName('dwh', 1)} on ${DAY} (#1 fix done); recorded as audit #1\n`);
    expect(audit(dir)).toEqual([
      { command: 'clear', subject: hostName('dwh', 1), detail: 'cleared #1 fix done (--force)', reason: 'reinstalled by hand (INC-3)', user: ME, uid: UID, sudo_user: 'mallory', host: hostname() },
    ]);
    const [entry] = journal(dir);
    expect(entry!.outcome).toBe('cleared');
    expect(entry!.note).toMatch(
      new RegExp(`^done, cleared by ${ME}@\\S+ \\(uid ${UID}, SUDO_USER=mallory\\) at ${DAY}T12:10:\\d\\d\\.\\d+Z \\(--force\\): reinstalled by hand \\(INC-3\\)$`),
    );
    expect(readFileSync(join(dir, 'runs', DAY, 'transcript.log'), 'utf8')).toMatch(
      new RegExp(`audit clear ${hostName('dwh', 1).replaceAll('.', '\\.')} by ${ME}@\\S+ \\(uid ${UID}, SUDO_USER=mallory\\) \\(--force\\): reinstalled by hand \\(INC-3\\); cleared #1 fix done \\(audit #1\\)`),
    );
  });

  it('clears an unknown outcome without --force, and breakfix journal lists the decision', () => {
    const dir = actedOn();
    const db = new Database(join(dir, 'runs', DAY, 'state.db'));
    db.prepare(`UPDATE journal SET outcome = 'unknown' WHERE id = 1`).run();
    db.close();
    const r = runCli(dir, ['clear', hostName('dwh', 1).toUpperCase(), '--reason', 'checked: the drain finished'], { env: LATER });
    expect(r.code).toBe(0);
    expect(journal(dir).map((e) => e.outcome)).toEqual(['cleared']);
    const listed = runCli(dir, ['--day', DAY, 'journal']);
    expect(listed.stdout).toContain(`\noperator decisions on ${DAY}:\n`);
    expect(listed.stdout).toMatch(new RegExp(`clear +${hostName('dwh', 1).replaceAll('.', '\\.')} +${ME}@\\S+ +${UID} +checked: the drain finished +cleared #1 fix unknown`));
    const json = JSON.parse(runCli(dir, ['--day', DAY, '--json', 'journal']).stdout) as { audit: AuditRow[] };
    expect(json.audit).toMatchObject([{ command: 'clear', reason: 'checked: the drain finished', user: ME, uid: UID }]);
  });
});

describe('breakfix journal', () => {
  it('reads a day whose database predates the audit table (it is read, not migrated)', () => {
    const dir = actedOn();
    const db = new Database(join(dir, 'runs', DAY, 'state.db'));
    db.exec(`DROP TABLE operator_audit; DELETE FROM kysely_migration WHERE name = '0006_audit'`);
    db.close();
    const r = runCli(dir, ['--day', DAY, 'journal']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('operator decisions');
  });
});

describe('breakfix pause and resume', () => {
  it('resume requires --reason; both are recorded with who (uid) and why; the pause file carries the uid', () => {
    const dir = actedOn();
    expect(runCli(dir, ['pause', '--reason', 'INC-5 freeze'], { env: { ...LATER, ...SPOOF } }).code).toBe(0);
    const pause = JSON.parse(readFileSync(join(dir, 'runs', 'pause.json'), 'utf8')) as Record<string, unknown>;
    expect(pause).toEqual({ by: `${ME}@${hostname()}`, uid: UID, sudo_user: 'mallory', at: expect.stringMatching(new RegExp(`^${DAY}T12:10:`)), reason: 'INC-5 freeze' });
    expect(runCli(dir, ['resume'], { env: LATER }).code).toBe(2);
    expect(readdirSync(join(dir, 'runs'))).toContain('pause.json');
    const r = runCli(dir, ['resume', '--reason', 'freeze over'], { env: LATER });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^resumed \\(was paused by ${ME}@\\S+ at \\S+: INC-5 freeze\\); recorded as audit #2\\n$`));
    expect(readdirSync(join(dir, 'runs'))).not.toContain('pause.json');
    expect(audit(dir).map((a) => [a.command, a.reason, a.user, a.uid])).toEqual([
      ['pause', 'INC-5 freeze', ME, UID],
      ['resume', 'freeze over', ME, UID],
    ]);
    expect(audit(dir)[1]!.detail).toMatch(/^lifted: paused by \S+ at \S+: INC-5 freeze$/);
    expect(runCli(dir, ['resume', '--reason', 'again'], { env: LATER }).stdout).toBe('not paused: nothing to resume\n');
    expect(audit(dir)).toHaveLength(2);
  });

  it.runIf(UID === 0)('a uid without a passwd entry is recorded as "uid N", not an error', () => {
    const dir = actedOn();
    chmodSync(dir, 0o777);
    for (const p of [join(dir, 'runs'), join(dir, 'runs', DAY)]) chmodSync(p, 0o777);
    for (const f of readdirSync(join(dir, 'runs', DAY))) chmodSync(join(dir, 'runs', DAY, f), statSync(join(dir, 'runs', DAY, f)).isDirectory() ? 0o777 : 0o666);
    const r = runCli(dir, ['pause', '--reason', 'nobody in passwd'], { env: LATER, uid: 48_213 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pause = JSON.parse(readFileSync(join(dir, 'runs', 'pause.json'), 'utf8')) as Record<string, unknown>;
    expect(pause).toMatchObject({ by: `uid 48213@${hostname()}`, uid: 48_213 });
    expect(audit(dir).at(-1)).toMatchObject({ command: 'pause', user: 'uid 48213', uid: 48_213 });
  });
});
