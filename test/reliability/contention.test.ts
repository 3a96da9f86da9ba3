import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/workspace.js';
import { Readers, type ReadReport } from './contention/readers.js';
import { checkRound, runRound, type RoundReport } from './contention/round.js';
import { makeContentionWorkspace, nowOf } from './contention/workspace.js';
import { recordFigures } from './figures.js';

/**
 * Contention (the reliability suite, README.md#guarantees: two processes
 * never import or act in one workspace at once). N processes (N = 2..8)
 * start `breakfix pass --execute` in one workspace at once, round after
 * round: exactly one may import and act at a time (its commands' logged
 * intervals show it), the others exit 75 naming the holder. Meanwhile
 * read-only commands (query, sql, diff, explain, trend) run in loops and
 * must always see one whole data generation per source, never fail with
 * "database is locked" and never crash. See contention/ for the workspace,
 * the round checks and the reader checks.
 *
 * Under `npm test` each N runs once; BREAKFIX_RELIABILITY=all runs many
 * rounds per N and several fresh days.
 */

const ALL = process.env['BREAKFIX_RELIABILITY'] === 'all';
const NS = [2, 3, 4, 5, 6, 7, 8] as const;
const ROUNDS_PER_N = ALL ? 12 : 1;
/** Fresh days whose first pass readers race (N cycling through NS). */
const FRESH_DAYS = ALL ? 7 : 1;
/**
 * Reader loops beside the passes. One is enough to run every kind of read during the rounds under
 * `npm test` (which runs other files beside this one); the long run uses two for more reads per round.
 */
const READER_LOOPS = ALL ? 2 : 1;

/**
 * Wall-clock shifts of the processes of a skewed round, in start order: the
 * lock once judged liveness by comparing clocks, and a contender 3 s ahead
 * took over a live lock. 0 is the unshifted clock.
 */
const SKEWS_MS = [0, 3_000, -3_000, 2_000, -60_000, 3_600_000, -1_000, 86_400_000] as const;
/** N for the skewed rounds: under `npm test` a few, in the long run every N. */
const SKEWED_NS = ALL ? NS : ([2, 5, 8] as const);

/** The day before the contention day: `diff` compares with its exports (generation 0). */
const DAY_BEFORE = '2026-11-20';
const DAY = '2026-11-21';

const tally = {
  rounds: 0,
  started: 0,
  held: 0,
  named75: 0,
  violations: 0,
  reads: 0,
  badReads: 0,
  roundsPerN: new Map<number, number>(),
  readsByCommand: new Map<string, number>(),
  beforeFirstPass: new Map<string, number>(),
  /** Rounds in which every process but the holder exited 75 (all were starting while it held the lock). */
  oneHolder: 0,
  /** Rounds whose processes' wall clocks disagreed (seconds to a day apart). */
  skewedRounds: 0,
  skewedPasses: 0,
};

function countRound(r: RoundReport): void {
  tally.rounds++;
  tally.started += r.n;
  tally.held += r.held;
  tally.named75 += r.named75;
  tally.violations += r.violations.length;
  tally.roundsPerN.set(r.n, (tally.roundsPerN.get(r.n) ?? 0) + 1);
  if (r.held === 1 && r.named75 === r.n - 1) tally.oneHolder++;
}

function countReads(r: ReadReport): void {
  tally.reads += r.runs;
  tally.badReads += r.problems.length;
  for (const [k, n] of Object.entries(r.byCommand)) tally.readsByCommand.set(k, (tally.readsByCommand.get(k) ?? 0) + n);
  for (const [k, n] of Object.entries(r.beforeFirstPass)) tally.beforeFirstPass.set(k, (tally.beforeFirstPass.get(k) ?? 0) + n);
}

const list = (m: Map<string | number, number>, label: (k: string | number) => string) => [...m.entries()].map(([k, n]) => `${label(k)}: ${n}`).join(', ');

afterAll(() => {
  recordFigures('contention', {
    part: 'contention',
    order: 4,
    figures: [
      { figure: 'contention rounds', value: tally.rounds },
      { figure: 'passes started', value: tally.started },
      { figure: 'passes that held the lock', value: tally.held },
      { figure: 'passes that exited 75 naming the holder', value: tally.named75 },
      { figure: 'rounds with skewed wall clocks', value: tally.skewedRounds },
      { figure: 'lock violations', value: tally.violations, zero: true },
      { figure: 'read-only commands run', value: tally.reads },
      { figure: 'inconsistent or failed reads', value: tally.badReads, zero: true },
    ],
    notes: [
      `rounds per N (${FRESH_DAYS} of them the first pass of a fresh day): ${list(tally.roundsPerN, (n) => `N=${n}`)}`,
      `rounds where one process held the lock and all the others exited 75: ${tally.oneHolder} of ${tally.rounds}` +
        (tally.oneHolder < tally.rounds ? ' (in the others a process started after the holder had finished, and held the lock in turn)' : ''),
      `read-only commands: ${list(tally.readsByCommand, String)}`,
      `skewed rounds: ${tally.skewedPasses} passes whose wall clocks were shifted by ${SKEWS_MS.filter((s) => s !== 0).map((s) => `${s > 0 ? '+' : ''}${s / 1000}s`).join(', ')} against the others`,
      `expected refusals while a fresh day's first pass ran: ${list(tally.beforeFirstPass, String) || 'none seen'}`,
    ],
  });
});

/** A single pass that sets up a day (its checks must pass too; not counted as contention). */
async function setupPass(dir: string, day: string, round: number): Promise<void> {
  const r = await runRound(dir, day, round, 1);
  expect(r.violations).toEqual([]);
}

/** The first problems, enough to see what went wrong without drowning the report. */
const first = (problems: readonly string[]) => problems.slice(0, 12);

describe('contention', () => {
  it('the round checks catch overlapping holders, unnamed holders and other exits', () => {
    const host = 'box';
    const ok = (pid: number, pass: number) => ({ pid, code: 0, signal: null, hung: false, stdout: JSON.stringify({ pass }), stderr: '', startedMs: 0, endedMs: 0 });
    const locked = (pid: number, holder: number) => ({
      pid,
      code: 75,
      signal: null,
      hung: false,
      stdout: '',
      stderr: `breakfix: workspace is locked by pid ${holder} on ${host} since 2026-11-21T12:00:00.000Z (breakfix pass --execute); lock file x. Try again later.\n`,
      startedMs: 0,
      endedMs: 0,
    });
    const log = (pid: number, from: number, to: number) => `start ${pid} ${from} import-inventory -\nend ${pid} ${to} import-inventory -\n`;
    const passes = [
      { id: 1, status: 'ok', exit_code: 0 },
      { id: 2, status: 'ok', exit_code: 0 },
    ];
    const clean = checkRound({ round: 5, outcomes: [ok(10, 1), locked(11, 10), ok(12, 2)], intervals: log(10, 0, 100) + log(12, 200, 300), acted: '', newPasses: passes, host });
    expect(clean.violations).toEqual([]);
    expect(clean).toMatchObject({ held: 2, named75: 1 });

    const broken = checkRound({
      round: 5,
      outcomes: [ok(10, 1), ok(12, 2), locked(13, 99), { ...ok(14, 3), code: 1, stdout: '', stderr: 'breakfix: internal error' }],
      intervals: log(10, 0, 100) + log(12, 50, 150),
      acted: '',
      newPasses: passes,
      host,
    });
    expect(broken.violations).toEqual([
      'round 5: pid 13 exited 75 naming pid 99, which is not a process of this round that held the lock',
      'round 5: pid 14 exited 1: breakfix: internal error',
      'round 5: pids 10 and 12 imported or acted at the same time (import-inventory / import-inventory)',
    ]);
  });

  it(
    'N = 2..8 passes at once: one imports and acts at a time, the others exit 75 naming it; readers see whole generations',
    async () => {
      const dir = makeContentionWorkspace();
      await setupPass(dir, DAY_BEFORE, 0);
      await setupPass(dir, DAY, 1);
      let current = 1;
      let completed = 1;
      const readers = new Readers({ dir, day: DAY, env: nowOf(DAY), fromGeneration: 0, window: () => ({ lo: completed, hi: current, firstPassPending: false }) });
      readers.start(READER_LOOPS);
      const violations: string[] = [];
      let reads: ReadReport;
      try {
        for (let rep = 0; rep < ROUNDS_PER_N; rep++) {
          for (const n of NS) {
            current++;
            const report = await runRound(dir, DAY, current, n);
            completed = current;
            countRound(report);
            violations.push(...report.violations);
          }
        }
      } finally {
        reads = await readers.stop();
        countReads(reads);
      }
      expect({ lockViolations: first(violations), badReads: first(reads.problems) }).toEqual({ lockViolations: [], badReads: [] });
      // Every kind of read ran while passes did.
      expect(Object.keys(reads.byCommand).sort()).toEqual(['diff', 'explain', 'query fix-candidates', 'query gen-broken', 'query gen-hosts', 'sql', 'trend']);
    },
    ALL ? 30 * 60_000 : 120_000,
  );

  it(
    'contenders whose wall clocks disagree by seconds to a day: still exactly one holder, the others exit 75 naming it',
    async () => {
      const dir = makeContentionWorkspace();
      await setupPass(dir, DAY, 1);
      const violations: string[] = [];
      let round = 1;
      for (let rep = 0; rep < ROUNDS_PER_N; rep++) {
        for (const n of SKEWED_NS) {
          round++;
          // Rotate which process gets which shift, so the unshifted one is not always first.
          const skews = Array.from({ length: n }, (_, i) => SKEWS_MS[(i + round) % SKEWS_MS.length]!);
          const report = await runRound(dir, DAY, round, n, skews);
          countRound(report);
          tally.skewedRounds++;
          tally.skewedPasses += skews.filter((s) => s !== 0).length;
          violations.push(...report.violations);
        }
      }
      expect(first(violations)).toEqual([]);
    },
    ALL ? 30 * 60_000 : 120_000,
  );

  it(
    'readers racing the first pass of a new day get "no state.db yet" or whole data, never "database is locked"',
    async () => {
      const dir = makeContentionWorkspace();
      await setupPass(dir, DAY_BEFORE, 0);
      const violations: string[] = [];
      const problems: string[] = [];
      for (let round = 1; round <= FRESH_DAYS; round++) {
        // Each fresh day is a new runs/DAY: its first import creates state.db and runs with a rollback journal (src/db/bulk-load-journal.ts).
        const day = addDays(DAY_BEFORE, round);
        let done = false;
        const readers = new Readers({ dir, day, env: nowOf(day), fromGeneration: round - 1, window: () => ({ lo: round, hi: round, firstPassPending: !done }) });
        readers.start(READER_LOOPS);
        await readers.moreReads(READER_LOOPS); // readers are running before the day exists
        const report = await runRound(dir, day, round, NS[(round - 1) % NS.length]!);
        done = true;
        await readers.moreReads(2 * READER_LOOPS); // and go on reading the finished day
        const reads = await readers.stop();
        countRound(report);
        countReads(reads);
        violations.push(...report.violations);
        problems.push(...reads.problems);
        // The day's database went back to WAL after its first import: later passes must not lock readers out.
        expect(journalMode(join(dir, 'runs', day, 'state.db'))).toBe('wal');
      }
      expect({ lockViolations: first(violations), badReads: first(problems) }).toEqual({ lockViolations: [], badReads: [] });
    },
    ALL ? 15 * 60_000 : 60_000,
  );
});

function journalMode(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('journal_mode', { simple: true });
  } finally {
    db.close();
  }
}
