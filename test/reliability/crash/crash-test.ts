import { afterAll, describe, expect, it } from 'vitest';
import { recordFigures, type Figure } from '../figures.js';
import { crashRun, emptyTally, type CrashRunOptions } from './suite.js';
import { PHASES } from './kill-point.js';

/** `npm run test:reliability` (BREAKFIX_RELIABILITY=all) runs every kill; `npm test` a few. */
export const FULL = process.env['BREAKFIX_RELIABILITY'] === 'all';

/**
 * The crash-injection tests of one file: one test per run (seed), figures
 * recorded under `fileKey` when the file is done. Runs are split over files
 * so vitest runs them in parallel processes.
 */
export function crashSuite(fileKey: string, runs: readonly CrashRunOptions[], requiredKills?: number): void {
  const tally = emptyTally();
  describe('crash injection: SIGKILL during a pass --execute on the example fleet, then the next pass', () => {
    afterAll(() => {
      const figures: Figure[] = [
        { figure: 'kills injected', value: tally.kills, ...(requiredKills !== undefined ? { atLeast: requiredKills } : {}) },
        { figure: 'recoveries clean', value: tally.cleanRecoveries, equals: 'kills injected' },
        { figure: 'unknown outcomes left by a kill', value: tally.unknownsLeft },
        { figure: 'unknown outcomes reported by the next pass', value: tally.unknownsReported, equals: 'unknown outcomes left by a kill' },
        { figure: 'double actions', value: tally.doubleActions, zero: true },
        { figure: 'hosts acted on beyond budget', value: tally.overBudget, zero: true },
        { figure: 'partial or foreign exported files', value: tally.partialFiles, zero: true },
        { figure: 'integrity_check failures', value: tally.integrityFailures, zero: true },
        { figure: 'stale temporary files after the next pass', value: tally.staleTempFiles, zero: true },
      ];
      const landed = [...PHASES, 'between actions', 'after the summary'].map((p) => `${p} ${tally.landed.get(p as never) ?? 0}`).join(', ');
      recordFigures(fileKey, {
        part: 'crash injection',
        order: 3,
        figures,
        notes: [`${runs.map((r) => `seed ${r.seed}`).join(', ')} (${runs[0]?.hosts} hosts): kills landed in ${landed}; ${tally.finishedBeforeKill} passes finished before their kill (not counted)`],
      });
    });

    it.each(runs.map((r) => [r.seed, r] as const))('seed %i: every kill leaves a consistent workspace, and the next pass recovers', { timeout: 60 * 60_000 }, async (_seed, run) => {
      const before = tally.problems.length;
      await crashRun(run, tally);
      expect(tally.problems.slice(before)).toEqual([]);
    });
  });
}
