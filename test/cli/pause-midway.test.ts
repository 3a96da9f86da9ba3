import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli, startCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const REASON = 'INC-77: stop, the rack is losing power';

/**
 * An action command that records it started, then waits (up to 10 s) for
 * runs/pause.json to appear: the test pauses while it runs, so the pause
 * always lands after the first command started and before the next one.
 */
const waitForPause = (log: string) => [
  'sh',
  '-c',
  `echo "$1" >> ${log}; n=0; while [ ! -f runs/pause.json ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done`,
  'sh',
];

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

function journal(dir: string): { action: string; hostname: string; outcome: string }[] {
  const db = new Database(join(dir, 'runs', DAY, 'state.db'), { readonly: true });
  try {
    return db.prepare('SELECT action, hostname, outcome FROM journal ORDER BY id').all() as { action: string; hostname: string; outcome: string }[];
  } finally {
    db.close();
  }
}

/** Start `args`, pause the workspace once `log` has a line, and collect what the run printed. */
async function pauseWhileRunning(dir: string, args: readonly string[], log: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCli(dir, args, { env: NOW });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  for (let i = 0; i < 400 && lines(join(dir, log)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  expect(lines(join(dir, log))).toHaveLength(1);
  const paused = runCli(dir, ['pause', '--reason', REASON], { env: NOW });
  expect(paused.code).toBe(0);
  return { code: await closed, stdout, stderr };
}

describe('a pause issued while a pass acts', () => {
  it('stops the per-host commands not yet started: skipped with who/when/why, nothing journaled for them', async () => {
    const broken = [1, 2, 3].map((i) => hostName('dwh', i));
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, groups: 1, percent: 10, broken, run: [...waitForPause('started.log'), '{host}'], concurrency: 1 }));
    const r = await pauseWhileRunning(dir, ['pass', '--execute'], 'started.log');
    expect(r.code).toBe(0);
    // Only the command already running when the pause came ran.
    expect(lines(join(dir, 'started.log'))).toHaveLength(1);
    const ran = lines(join(dir, 'started.log'))[0]!;
    expect(journal(dir)).toEqual([{ action: 'fix', hostname: ran, outcome: 'done' }]);
    expect(r.stdout).toMatch(new RegExp(`^PAUSED during this pass by \\S+ at ${DAY}T12:00:\\d\\d\\.\\d+Z: ${REASON} — 2 hosts not run`, 'm'));
    expect(r.stdout).toContain('action fix (executed, 2 not run)');
    expect(r.stdout).toMatch(new RegExp(`^  not run: 2 hosts: paused by \\S+ at ${DAY}T12:00:\\d\\d\\.\\d+Z: ${REASON}$`, 'm'));
    // Only the command that ran is listed as run.
    expect(r.stdout.match(/^ {2}ran: /gm)).toHaveLength(1);
    expect(r.stdout).toContain(`  ran: sh -c`);
  });

  it('stops a later action (a hosts-file command) from starting, and says so per host in --json', async () => {
    const broken = [1, 2, 3, 4].map((i) => hostName('dwh', i));
    const second = `  fix2:
    candidates: fix-candidates
    run: [sh, -c, 'cat "$1" >> second.log', sh, '{hosts_file}']
`;
    const dir = makeWorkspace(
      fleetFiles({ clusters: { dwh: 50 }, groups: 1, percent: 10, broken, run: [...waitForPause('started.log'), '{hosts_file}'], actionLines: '    max_per_pass: 1', extraAction: second }),
    );
    const r = await pauseWhileRunning(dir, ['--json', 'pass', '--execute'], 'started.log');
    expect(r.code).toBe(0);
    expect(lines(join(dir, 'second.log'))).toEqual([]);
    const summary = JSON.parse(r.stdout) as {
      pausedDuring: { by: string; reason: string } | null;
      actions: { action: string; acted: string; notRun: { hostname: string; reason: string }[] }[];
    };
    expect(summary.pausedDuring).toMatchObject({ reason: REASON });
    const fix2 = summary.actions.find((a) => a.action === 'fix2')!;
    expect(fix2.acted).toBe('paused');
    expect(fix2.notRun.length).toBeGreaterThan(0);
    for (const n of fix2.notRun) expect(n.reason).toMatch(new RegExp(`^paused by \\S+ at .*: ${REASON}$`));
    expect(journal(dir).map((e) => e.action)).toEqual(['fix']);
  });

  it('breakfix act --execute: the same, and its output says so', async () => {
    const broken = [1, 2, 3].map((i) => hostName('dwh', i));
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 50 }, groups: 1, percent: 10, broken, run: [...waitForPause('started.log'), '{host}'], concurrency: 1 }));
    expect(runCli(dir, ['pass'], { env: NOW }).code).toBe(0);
    const r = await pauseWhileRunning(dir, ['act', '--execute'], 'started.log');
    expect(r.code).toBe(0);
    expect(lines(join(dir, 'started.log'))).toHaveLength(1);
    expect(journal(dir)).toHaveLength(1);
    expect(r.stdout).toMatch(new RegExp(`^PAUSED while acting, by \\S+ at \\S+: ${REASON} — 2 hosts not run \\(skipped\\)$`, 'm'));
    expect(r.stdout.match(/^ {2}skipped \S+: paused by /gm)).toHaveLength(2);
    expect(r.stdout.match(/^ {2}ran: /gm)).toHaveLength(1);
  });
});
