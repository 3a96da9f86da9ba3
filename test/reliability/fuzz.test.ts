import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from './figures.js';
import { fuzzCases, materialize } from './fuzz/fuzz-case.js';
import { FuzzWorkspace, type RunResult } from './fuzz/fuzz-workspace.js';
import { problemsOf, Tally } from './fuzz/tally.js';
import { fuzzTargets, type FuzzTarget } from './fuzz/targets.js';
import { Watchdog } from './fuzz/watchdog.js';

/**
 * The reliability suite's fuzzing part (issue: "fast-check generators feed
 * random and mutated inputs to every parser; a parser either returns rows or
 * throws the project's input error — never another exception, never hangs
 * (each run bounded), never returns a row with an invalid hostname").
 *
 * Every source kind and format is fuzzed at the importer, in-process, as a
 * real import runs it (fuzz/fuzz-workspace.ts), so hostname normalisation,
 * the finish phase and the IP mapping are inside what is fuzzed. Each run
 * must end in one of two ways: the import is ok and every hostname it stored
 * passes an oracle independent of the project's validator
 * (fuzz/hostname-oracle.ts), or it failed with an input error whose message
 * starts with the file's path. Anything thrown out of importSources, or a
 * run over the time bound, fails the property; fast-check then shrinks the
 * input (a slow one is reported unshrunk) and prints its seed and path, and
 * the failing bytes are saved. A run that never returns is caught by a
 * watchdog thread (fuzz/watchdog.ts).
 *
 * `npm test` runs a few dozen inputs per target; BREAKFIX_RELIABILITY=all
 * runs over a thousand per target. Seeds are fixed per target (derived from
 * BREAKFIX_FUZZ_SEED, default below), so a failure reproduces; set another
 * base seed to explore new inputs.
 */

const ALL = process.env['BREAKFIX_RELIABILITY'] === 'all';
const RUNS_PER_TARGET = ALL ? 1200 : 60;
const BASE_SEED = Number(process.env['BREAKFIX_FUZZ_SEED'] ?? 20261123);
/** A run slower than this is a hang. Real runs take milliseconds; this leaves room for a loaded 2-core machine. */
const TIME_BOUND_MS = 5000;
/** A run that has not returned after this long never will: the watchdog kills the process (see fuzz/watchdog.ts). */
const WATCHDOG_MS = 60_000;
/** Where failing inputs are saved, to open or to turn into a regression test. */
const FAILURES_DIR = join(tmpdir(), 'breakfix-fuzz-failures');

const targets = fuzzTargets();
const tallies: Tally[] = [];
let watchdog: Watchdog;

beforeAll(() => {
  watchdog = new Watchdog(WATCHDOG_MS);
});

afterAll(async () => {
  await watchdog.stop();
  recordFuzzFigures();
});

describe('fuzzing every parser through the importer', () => {
  for (const target of targets) {
    it(
      `${target.name}: imports rows with valid hostnames or fails with an input error naming the file, within ${TIME_BOUND_MS / 1000} s`,
      async () => {
        const tally = new Tally(target.name, TIME_BOUND_MS);
        tallies.push(tally);
        const ws = await FuzzWorkspace.open(target);
        let hangFound = false;
        try {
          await expectSeedsAsLabelled(ws);
          await fc.assert(
            fc.asyncProperty(fuzzCases(target), async (c) => {
              // A slow input is reported as found, not shrunk: each smaller try would be as slow again.
              if (hangFound) return;
              const bytes = materialize(target, c);
              const result = await watchedRun(ws, bytes);
              const problems = tally.record(result);
              if (problems.length === 0) return;
              hangFound = result.ms > TIME_BOUND_MS;
              throw new Error(`${problems.join('\n')}\n(input saved to ${saveFailure(target, bytes)})`);
            }),
            { seed: seedOf(target), numRuns: RUNS_PER_TARGET },
          );
        } finally {
          await ws.close();
        }
        // Every input was tried and came to one of the two allowed ends.
        expect(tally.generated).toBe(RUNS_PER_TARGET);
        expect(tally.accepted + tally.rejected).toBe(tally.generated);
      },
      ALL ? 900_000 : 120_000,
    );
  }
});

/**
 * The seeds, unmutated, import as their labels say: the accepted ones give rows,
 * the rejected ones (hostile inputs, error responses, empty results) fail. This
 * keeps the starting points what the generator's weights assume, and puts
 * every seed itself through the oracle.
 */
async function expectSeedsAsLabelled(ws: FuzzWorkspace): Promise<void> {
  const outcomes: string[] = [];
  for (const seed of ws.target.seeds) {
    const result = await watchedRun(ws, seed.bytes);
    const problems = problemsOf(result, TIME_BOUND_MS);
    const got = result.outcome.kind === 'accepted' ? 'accepted' : result.outcome.kind === 'rejected' ? 'rejected' : result.outcome.kind;
    outcomes.push(`${seed.name}: ${problems.length > 0 ? problems.join('; ') : got}`);
  }
  expect(outcomes).toEqual(ws.target.seeds.map((s) => `${s.name}: ${s.rejected ? 'rejected' : 'accepted'}`));
}

/** One import, under the watchdog's eye. */
async function watchedRun(ws: FuzzWorkspace, bytes: Buffer): Promise<RunResult> {
  watchdog.arm(`a ${ws.target.name} import (fast-check seed ${seedOf(ws.target)}) of ${ws.file}, which holds its input,`);
  try {
    return await ws.run(bytes);
  } finally {
    watchdog.disarm();
  }
}

/** A fixed seed per target, so each reproduces on its own and adding a target does not change the others' inputs. */
function seedOf(target: FuzzTarget): number {
  return (BASE_SEED ^ createHash('sha256').update(target.name).digest().readInt32BE(0)) | 0;
}

function saveFailure(target: FuzzTarget, bytes: Buffer): string {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const file = join(FAILURES_DIR, `${target.kind}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`);
  writeFileSync(file, bytes);
  return file;
}

function recordFuzzFigures(): void {
  const total = Tally.total(tallies, TIME_BOUND_MS);
  recordFigures('fuzzing', {
    part: 'fuzzing',
    order: 2,
    figures: [
      { figure: 'inputs generated', value: total.generated, ...(ALL ? { atLeast: 1000 } : {}) },
      { figure: 'imported (rows returned)', value: total.accepted },
      { figure: 'rejected with an input error naming the file', value: total.rejected },
      { figure: 'rejected with an error not naming the file', value: total.rejectedUnnamed, zero: true },
      // A run that ended in neither rows nor an input error (no report, or a status a forced import cannot have) counts here too.
      { figure: 'other exceptions', value: total.exceptions + total.unexpected, zero: true },
      { figure: 'runs over the time bound', value: total.overTime, zero: true },
      { figure: 'rows with an invalid hostname', value: total.invalidHostRows, zero: true },
    ],
    notes: [
      `per kind (generated/accepted/rejected): ${tallies.map((t) => `${t.target}: ${t.generated}/${t.accepted}/${t.rejected}`).join('; ')}`,
      `${tallies.length} targets, ${RUNS_PER_TARGET} inputs each, base seed ${BASE_SEED}; ${total.located} of ${total.rejected} rejections give a line or JSON path` +
        ` (the rest are whole-file problems: empty, not this format, a count that does not add up); ${total.byDatabase} were refused by SQLite rather than the parser;` +
        ` time bound ${TIME_BOUND_MS / 1000} s, slowest run ${Math.round(total.slowestMs)} ms`,
    ],
  });
}
