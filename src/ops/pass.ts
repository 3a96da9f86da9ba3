import type { Env } from '../config/env.js';
import { EXIT, LockHeld } from '../errors.js';
import { runPassSteps, type PassOptions } from '../pass/run-pass.js';
import type { PassSummary } from '../pass/summary.js';
import { Transcript } from '../util/transcript.js';
import { withLockedState } from './locked-state.js';
import { writePassReport } from './pass-report.js';
import { requireToday } from './today.js';

/**
 * `breakfix pass [--execute]`: one pass (pass/run-pass.ts) under the
 * workspace lock, then the day's report page. Acting is for today only.
 */
export function runPass(env: Env, opts: PassOptions): Promise<PassSummary> {
  return withLockedState(
    env,
    `breakfix pass${opts.execute ? ' --execute' : ''}`,
    async ({ config, ws, state, lockWarnings }) => {
      const transcript = new Transcript(ws.transcriptFile, env.clock);
      const summary = await runPassSteps({ config, ws, state, transcript, clock: env.clock, lockWarnings }, opts);
      // An interrupted pass stops as soon as it can; the next pass writes the page.
      if (summary.status === 'interrupted') return summary;
      const reportProblem = await writePassReport(ws, config, state.raw, transcript, env.clock());
      return reportProblem === null ? summary : { ...summary, warnings: [...summary.warnings, reportProblem] };
    },
    (config) => {
      if (opts.execute) requireToday(env, config, 'pass --execute');
    },
  );
}

export interface LoopOptions extends Omit<PassOptions, 'shouldStop'> {
  /** Seconds between the starts of passes. */
  readonly everySeconds: number;
  /** Stop after this many passes (default: until stopped). */
  readonly passes: number | undefined;
  readonly onSummary: (s: PassSummary) => void;
  readonly onWaiting: (message: string) => void;
  /** Resolves when SIGINT/SIGTERM arrives; the loop finishes the current step and stops. */
  readonly stopSignal: { readonly stopped: boolean; readonly wait: (ms: number) => Promise<void> };
}

/**
 * `breakfix loop --every 10m [--passes N]`: passes until stopped. Each pass
 * resolves its day from the clock, so the loop rolls into a new runs/DAY at
 * midnight. A pass that finds the lock held waits for the next interval.
 * Returns the exit code: 130 when stopped by a signal, else the last pass's.
 */
export async function runLoop(env: Env, opts: LoopOptions): Promise<number> {
  let last: number = EXIT.ok;
  for (let n = 0; opts.passes === undefined || n < opts.passes; n++) {
    if (opts.stopSignal.stopped) return EXIT.interrupted;
    const started = Date.now();
    try {
      const summary = await runPass(env, { ...opts, shouldStop: () => opts.stopSignal.stopped });
      opts.onSummary(summary);
      last = summary.exitCode;
      if (summary.status === 'interrupted') return EXIT.interrupted;
    } catch (err) {
      if (!(err instanceof LockHeld)) throw err;
      opts.onWaiting(`${err.message} — skipping this pass`);
      last = EXIT.locked;
    }
    if (opts.passes !== undefined && n + 1 >= opts.passes) break;
    const wait = Math.max(0, opts.everySeconds * 1000 - (Date.now() - started));
    opts.onWaiting(`next pass in ${Math.round(wait / 1000)}s`);
    await opts.stopSignal.wait(wait);
    if (opts.stopSignal.stopped) return EXIT.interrupted;
  }
  return last;
}
