import type { Command } from 'commander';
import { describePause } from '../../act/pause.js';
import { EXIT, UsageError } from '../../errors.js';
import { clearHost, readJournal } from '../../ops/journal.js';
import { runPause, runResume } from '../../ops/pause.js';
import { runTrend } from '../../ops/trend.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerWorkspaceState(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('pause')
    .description('stop acting: passes still import, export and plan; every summary says who paused, when and why')
    .requiredOption('--reason <text>', 'why (shown in every summary until resume)')
    .action((opts: { reason: string }, cmd: Command) => {
      const p = runPause(envOf(cmd), opts.reason);
      if (globalsOf(cmd).json) printJson(io, p);
      else io.out(`${describePause(p)}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('resume')
    .description('allow acting again after a pause')
    .action((_opts: unknown, cmd: Command) => {
      const was = runResume(envOf(cmd));
      if (globalsOf(cmd).json) printJson(io, { resumed: was ?? null });
      else io.out(was ? `resumed (was ${describePause(was)})\n` : 'not paused: nothing to resume\n');
      setExit(EXIT.ok);
    });

  program
    .command('trend')
    .description('view sizes per pass over days, with sparklines; flags views growing or stuck on the same members, and decommissions whose progress has not moved')
    .argument('[view...]', 'views to show (default: all)')
    .option('--days <n>', 'how many days back', '7')
    .option('--runs <n>', 'passes running that make a view growing or stuck', '3')
    .action(async (views: string[], opts: { days: string; runs: string }, cmd: Command) => {
      if (!/^\d+$/.test(opts.days) || !/^\d+$/.test(opts.runs)) throw new UsageError('--days and --runs take whole numbers');
      const r = await runTrend(envOf(cmd), views, { days: Number(opts.days), runs: Number(opts.runs) });
      if (globalsOf(cmd).json) {
        printJson(io, r);
      } else if (r.trends.length === 0) {
        io.out('no pass history yet (run "breakfix pass")\n');
      } else {
        const stuck = r.stuck_decommissions;
        io.out(`${r.days[0]} .. ${r.days[r.days.length - 1]}, ${r.trends[0]!.points.length} passes\n`);
        io.out(
          formatTable(
            ['view', 'trend', 'last', 'change', 'flags'],
            r.trends.map((t) => [
              t.view,
              t.sparkline,
              t.last,
              t.change === null ? '' : t.change > 0 ? `+${t.change}` : String(t.change),
              [t.growing ? `growing ${opts.runs} passes running` : '', t.stuck ? `same ${t.last} members for ${opts.runs} passes` : ''].filter(Boolean).join('; '),
            ]),
          ),
        );
        if (stuck.length > 0) {
          io.out(`\ndecommissions stuck (the same blocks left to re-replicate for ${opts.runs} passes or more):\n`);
          io.out(
            formatTable(
              ['cluster', 'hostname', 'blocks left', 'passes', 'since', 'source'],
              stuck.map((d) => [d.cluster, d.hostname, d.blocks, d.passes, `${d.since.day} pass ${d.since.pass}`, d.source]),
            )
              .trimEnd()
              .split('\n')
              .map((l) => `  ${l}`)
              .join('\n') + '\n',
          );
        }
      }
      setExit(EXIT.ok);
    });

  program
    .command('journal')
    .description("the day's action journal: every host acted on, its command, outcome and exit code")
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await readJournal(envOf(cmd));
      if (globalsOf(cmd).json) printJson(io, r);
      else if (r.entries.length === 0) io.out(`no actions journaled on ${r.day}\n`);
      else {
        io.out(
          formatTable(
            ['id', 'action', 'hostname', 'cluster', 'outcome', 'exit', 'started', 'note'],
            r.entries.map((e) => [e.id, e.action, e.hostname, e.cluster, e.outcome, e.exit_code, new Date(e.started_ms).toISOString(), e.note ?? '']),
          ),
        );
      }
      setExit(EXIT.ok);
    });

  program
    .command('clear')
    .description("declare a host's journal entries resolved (after an unknown outcome), so it may be planned again")
    .argument('<host>', 'the host')
    .option('--action <name>', 'only entries of this action')
    .action(async (host: string, opts: { action?: string }, cmd: Command) => {
      const r = await clearHost(envOf(cmd), host, opts.action);
      if (globalsOf(cmd).json) printJson(io, r);
      else io.out(r.cleared > 0 ? `cleared ${r.cleared} journal entr${r.cleared === 1 ? 'y' : 'ies'} of ${r.hostname} on ${r.day}\n` : `nothing to clear for ${r.hostname} on ${r.day}\n`);
      setExit(EXIT.ok);
    });
}
