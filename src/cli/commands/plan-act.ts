import type { Command } from 'commander';
import { exitCodeFor, UsageError } from '../../errors.js';
import { runAct } from '../../ops/act.js';
import { runPlan } from '../../ops/plan.js';
import { invalidRowWarnings } from '../../pass/plan-step.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, parseSeed, printJson, type Io } from '../io.js';
import { stopOnSignals } from '../signals.js';

export function registerPlanAct(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('write plan/<action> and plan/<action>.json from what is imported; never acts')
    .argument('[action...]', 'actions to plan (default: all, in config order)')
    .option('--seed <n>', 'seed for the random, rack-spread selection (reproduces a plan)')
    .action(async (names: string[], opts: { seed?: string }, cmd: Command) => {
      const r = await runPlan(envOf(cmd), names, { seed: parseSeed(opts.seed) });
      for (const w of [...r.warnings, ...invalidRowWarnings(r.planned)]) io.err(`breakfix: warning: ${w}\n`);
      const refused = r.planned.some((p) => p.plan.globalFailures.length > 0 || p.plan.clusters.some((c) => c.refused));
      if (globalsOf(cmd).json) {
        printJson(io, { day: r.day, seed: r.seed, plans: r.planned.map((p) => p.plan) });
      } else {
        io.out(`plans for ${r.day} (seed ${r.seed})\n`);
        for (const { plan } of r.planned) {
          io.out(`\naction ${plan.action}: ${plan.picked.length} host${plan.picked.length === 1 ? '' : 's'} planned\n`);
          for (const g of plan.globalFailures) io.out(`  REFUSED: ${g}\n`);
          io.out(
            formatTable(
              ['cluster', 'population', 'budget', 'out', 'headroom', 'candidates', 'planned', 'reason'],
              plan.clusters.map((c) => [c.cluster, c.population, c.budget, c.out, c.headroom, c.candidates, c.picked.length, c.reason ?? '']),
            )
              .split('\n')
              .map((l) => (l ? `  ${l}` : l))
              .join('\n'),
          );
          for (const h of plan.picked) io.out(`  + ${h.hostname}\t${h.cluster ?? '-'}\t${h.spread ?? '-'}\t${h.group ?? '-'}\n`);
        }
      }
      setExit(exitCodeFor({ refused }));
    });

  program
    .command('act')
    .description("act on today's plans on disk (re-checked against current data); runs commands only with --execute; refused for any --day but today")
    .argument('[action...]', 'actions to act on (default: all, in config order)')
    .option('--execute', 'run the commands (without it, print what would run)')
    .action(async (names: string[], opts: { execute?: boolean }, cmd: Command) => {
      const signals = stopOnSignals(io.err);
      try {
        const r = await runAct(envOf(cmd), names, { execute: opts.execute === true, shouldStop: () => signals.stopped });
        for (const w of r.warnings) io.err(`breakfix: warning: ${w}\n`);
        const failed = r.acted.some((a) => a.outcomes.some((o) => o.outcome === 'failed' || o.outcome === 'timeout'));
        const refused = r.acted.some((a) => a.refused.length > 0);
        const pausedDuring = r.acted.find((a) => a.pausedDuring !== undefined)?.pausedDuring;
        const notRun = r.acted.reduce((n, a) => n + a.outcomes.filter((o) => o.pause !== undefined).length, 0);
        if (globalsOf(cmd).json) {
          printJson(io, {
            day: r.day,
            paused: r.paused ?? null,
            paused_during: pausedDuring ?? null,
            refused: r.refusals,
            actions: r.acted.map((a) => ({
              action: a.action.name,
              plan_exists: a.planExists,
              acted: a.acted,
              refused: a.refused,
              accepted: a.accepted,
              rejected: a.rejected,
              commands: a.commands,
              outcomes: a.outcomes,
            })),
          });
        } else {
          if (r.paused) io.out(`PAUSED by ${r.paused.by} at ${r.paused.at}: ${r.paused.reason} — nothing is run\n`);
          if (pausedDuring) io.out(`PAUSED while acting, by ${pausedDuring.by} at ${pausedDuring.at}: ${pausedDuring.reason} — ${notRun} host${notRun === 1 ? '' : 's'} not run (skipped)\n`);
          for (const a of r.acted) {
            const head = !a.planExists ? 'no plan on disk: nothing to do' : `${a.accepted.length} host${a.accepted.length === 1 ? '' : 's'} accepted, ${a.rejected.length} rejected`;
            io.out(`action ${a.action.name}: ${head}\n`);
            for (const x of a.refused) io.out(`  REFUSED: ${x}\n`);
            for (const x of a.rejected) io.out(`  not acted on: ${x.hostname}: ${x.reason}\n`);
            for (const c of a.commands) io.out(`  ${a.acted === 'executed' ? 'ran' : a.acted === 'paused' ? 'not run (paused)' : 'would run'}: ${c}\n`);
            for (const o of a.outcomes) io.out(`  ${o.outcome} ${o.hostname}${o.exitCode !== null ? ` (exit ${o.exitCode})` : ''}${o.note ? `: ${o.note}` : ''}\n`);
          }
        }
        setExit(exitCodeFor({ interrupted: signals.stopped, failed, refused }));
      } finally {
        signals.dispose();
      }
    });
}
