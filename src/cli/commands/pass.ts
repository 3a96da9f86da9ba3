import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { UsageError } from '../../errors.js';
import { runLoop, runPass } from '../../ops/pass.js';
import { formatSummary, type PassSummary } from '../../pass/summary.js';
import { envOf, globalsOf, parseSeed, printJson, type Io } from '../io.js';
import { terminalProgress } from '../progress.js';
import { stopOnSignals } from '../signals.js';

export function registerPass(program: Command, io: Io, setExit: (code: number) => void): void {
  const printSummary = (cmd: Command, s: PassSummary) => {
    const g = globalsOf(cmd);
    if (g.json) printJson(io, s);
    else if (!g.quiet || s.exitCode !== 0) io.out(formatSummary(s));
  };
  const progressFor = () => {
    const p = io.stderrIsTty ? terminalProgress() : undefined;
    return p ? { progress: (src: { name: string }, total: number) => p(src.name, total) } : {};
  };

  program
    .command('pass')
    .description('one pass: import → views → export → plan → act → summary (acts only with --execute, and only for today)')
    .option('--execute', 'run the actions (without it, the summary says what would run); refused for any --day but today')
    .option('--seed <n>', 'seed for the random, rack-spread selection (reproduces a plan)')
    .option('--force', 're-import unchanged sources and re-export current views')
    .action(async (opts: { execute?: boolean; seed?: string; force?: boolean }, cmd: Command) => {
      const signals = stopOnSignals(io.err);
      try {
        const summary = await runPass(envOf(cmd), {
          execute: opts.execute === true,
          seed: parseSeed(opts.seed),
          force: opts.force === true,
          shouldStop: () => signals.stopped,
          ...progressFor(),
        });
        printSummary(cmd, summary);
        setExit(summary.exitCode);
      } finally {
        signals.dispose();
      }
    });

  program
    .command('loop')
    .description('run passes every interval until stopped (SIGINT/SIGTERM end it cleanly between steps, exit 130)')
    .requiredOption('--every <duration>', 'time between pass starts, like 10m')
    .option('--passes <n>', 'stop after this many passes')
    .option('--execute', 'run the actions')
    .option('--force', 're-import and re-export on every pass')
    .action(async (opts: { every: string; passes?: string; execute?: boolean; force?: boolean }, cmd: Command) => {
      const every = parseDuration(opts.every);
      if (every === undefined || every <= 0) throw new UsageError(`--every: expected a duration like 10m, got "${opts.every}"`);
      if (opts.passes !== undefined && !/^[1-9]\d*$/.test(opts.passes)) throw new UsageError(`--passes: expected a positive whole number, got "${opts.passes}"`);
      if (globalsOf(cmd).day !== undefined) throw new UsageError('loop: --day cannot be used; the loop follows the clock and rolls to a new day at midnight');
      const signals = stopOnSignals(io.err);
      try {
        const code = await runLoop(envOf(cmd), {
          everySeconds: every,
          passes: opts.passes === undefined ? undefined : Number(opts.passes),
          execute: opts.execute === true,
          force: opts.force === true,
          onSummary: (s) => printSummary(cmd, s),
          onWaiting: (m) => {
            if (!globalsOf(cmd).quiet) io.err(`breakfix: ${m}\n`);
          },
          stopSignal: signals,
          ...progressFor(),
        });
        setExit(code);
      } finally {
        signals.dispose();
      }
    });
}
