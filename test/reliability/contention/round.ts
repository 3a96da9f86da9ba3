import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { overlappingSpans, parseIntervals, spansOf } from './intervals.js';
import { skewedClockEnv } from '../../helpers/cli.js';
import { startBreakfix, type Finished } from '../breakfix-process.js';
import { ACTED_LOG, generation, INTERVALS_LOG, nowOf, ROUND_ENV, takeLog, writeGeneration } from './workspace.js';

/** A row of the day's `passes` table. */
export interface PassRow {
  readonly id: number;
  readonly status: string;
  readonly exit_code: number | null;
}

/** What one round showed, for the checks and the figures. */
export interface RoundReport {
  readonly round: number;
  readonly n: number;
  /** Processes that exited 0: they held the lock and completed a pass. */
  readonly held: number;
  /** Processes that exited 75 naming a holder that really held the lock then. */
  readonly named75: number;
  /** Everything that breaks "exactly one imports and acts at a time", in words. */
  readonly violations: readonly string[];
}

/**
 * One round: write generation `round`, start `n` `breakfix pass --execute`
 * back to back without waiting (each spawn returns at once, so all n are
 * starting up together), wait for all, then check what they did.
 *
 * `skewsMs[i]`, when given, shifts process i's wall clock by that many
 * milliseconds (a preload replaces Date): contenders whose clocks disagree,
 * as on a host whose clock was stepped, must still find one holder.
 */
export async function runRound(dir: string, day: string, round: number, n: number, skewsMs: readonly number[] = []): Promise<RoundReport> {
  writeGeneration(dir, round);
  const before = passRows(dir, day);
  const env = { ...nowOf(day), [ROUND_ENV]: String(round) };
  const started = Array.from({ length: n }, (_, i) =>
    startBreakfix(dir, ['--json', 'pass', '--execute'], skewsMs[i] ? { ...env, ...skewedClockEnv(skewsMs[i]!) } : env),
  );
  const outcomes = await Promise.all(started.map((s) => s.done));
  const lastBefore = before.reduce((m, p) => Math.max(m, p.id), 0);
  return checkRound({
    round,
    outcomes,
    intervals: takeLog(dir, INTERVALS_LOG),
    acted: takeLog(dir, ACTED_LOG),
    newPasses: passRows(dir, day).filter((p) => p.id > lastBefore),
    host: hostname(),
  });
}

/** The day's passes, read after the round (nothing else has the database open then). */
function passRows(dir: string, day: string): PassRow[] {
  const file = join(dir, 'runs', day, 'state.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, status, exit_code FROM passes ORDER BY id').all() as PassRow[];
  } finally {
    db.close();
  }
}

export interface RoundEvidence {
  readonly round: number;
  readonly outcomes: readonly Finished[];
  /** The intervals log of the round. */
  readonly intervals: string;
  /** The action's log of the round. */
  readonly acted: string;
  /** `passes` rows the round added. */
  readonly newPasses: readonly PassRow[];
  /** This machine's hostname, as lock holders record it. */
  readonly host: string;
}

const HOLDER = /workspace is locked by pid (\d+) on (\S+) since /;

/**
 * The round's lock checks (pure, so the checks themselves are tested on made-up
 * evidence). A violation is any of: an exit other than 0 or 75; a 75 that does
 * not name a holder of this round that completed (exited 0) on this host; no
 * process exiting 0; two processes' import-to-act spans overlapping; a process
 * that ran commands without completing a pass, or completed one without
 * running its commands; `passes` rows other than one `ok` row per 0 exit; an
 * action run for another pass than its process's, or on another round's hosts;
 * a stale-lock takeover (no holder died, so no lock can be stale).
 */
export function checkRound(e: RoundEvidence): RoundReport {
  const violations: string[] = [];
  const v = (what: string) => violations.push(`round ${e.round}: ${what}`);
  const winners = e.outcomes.filter((o) => o.code === 0);
  const passOf = new Map<number, number | undefined>(winners.map((o) => [o.pid, passIdOf(o.stdout)]));
  let named75 = 0;

  for (const o of e.outcomes) {
    if (o.code !== 0 && o.code !== 75) v(`pid ${o.pid} exited ${o.code}: ${firstLines(o.stderr)}`);
    if (/took over a stale lock/.test(o.stderr + o.stdout)) v(`pid ${o.pid} took over a "stale" lock while every holder was alive: ${firstLines(o.stderr)}`);
    if (o.code === 0 && passOf.get(o.pid) === undefined) v(`pid ${o.pid} exited 0 without printing its pass summary`);
    if (o.code !== 75) continue;
    const m = HOLDER.exec(o.stderr);
    if (!m) v(`pid ${o.pid} exited 75 without naming the holder: ${firstLines(o.stderr)}`);
    else if (m[2] !== e.host) v(`pid ${o.pid} exited 75 naming host ${m[2]}, not ${e.host}`);
    else if (!passOf.has(Number(m[1]))) v(`pid ${o.pid} exited 75 naming pid ${m[1]}, which is not a process of this round that held the lock`);
    else named75++;
  }
  if (winners.length === 0) v(`none of ${e.outcomes.length} processes held the lock and completed`);

  const { intervals, problems } = parseIntervals(e.intervals);
  for (const p of problems) v(p);
  const spans = spansOf(intervals);
  for (const [a, b] of overlappingSpans(spans)) v(`pids ${a.pid} and ${b.pid} imported or acted at the same time (${a.commands.map((c) => c.what).join(',')} / ${b.commands.map((c) => c.what).join(',')})`);
  for (const s of spans) if (!passOf.has(s.pid)) v(`pid ${s.pid} ran ${s.commands.map((c) => c.what).join(', ')} but did not exit 0`);
  for (const w of winners) if (!spans.some((s) => s.pid === w.pid)) v(`pid ${w.pid} exited 0 but never ran its sources`);
  for (const c of intervals) {
    if (c.pass !== null && c.pass !== passOf.get(c.pid)) v(`pid ${c.pid} ran ${c.what} for pass ${c.pass}, but its pass was ${passOf.get(c.pid)}`);
  }

  const reported = [...passOf.values()].filter((p): p is number => p !== undefined).sort((a, b) => a - b);
  const recorded = e.newPasses.map((p) => p.id);
  if (recorded.join(',') !== reported.join(',')) v(`passes table gained [${recorded.join(', ')}], the processes that exited 0 reported [${reported.join(', ')}]`);
  for (const p of e.newPasses) if (p.status !== 'ok' || p.exit_code !== 0) v(`pass ${p.id} is ${p.status} (exit ${p.exit_code})`);

  const candidates = new Set(generation(e.round).lines['fix-candidates'].map((l) => l.split('\t')[0]));
  for (const line of e.acted.split('\n').filter(Boolean)) {
    const [pid, pass, host] = line.split(' ');
    if (!candidates.has(host)) v(`the action was given ${host}, not a candidate of this round`);
    if (Number(pass) !== passOf.get(Number(pid))) v(`pid ${pid} acted in pass ${pass}, not its own`);
  }
  return { round: e.round, n: e.outcomes.length, held: winners.length, named75, violations };
}

/** The `pass` of a `--json pass` summary on stdout. */
function passIdOf(stdout: string): number | undefined {
  try {
    const pass = (JSON.parse(stdout) as { pass?: unknown }).pass;
    return typeof pass === 'number' ? pass : undefined;
  } catch {
    return undefined;
  }
}

const firstLines = (text: string) => text.split('\n').slice(0, 3).join(' | ');
