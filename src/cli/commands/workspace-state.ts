import type { Command } from 'commander';
import { describePause } from '../../act/pause.js';
import { EXIT, UsageError } from '../../errors.js';
import { acceptHistory } from '../../ops/accept-history.js';
import { clearHost, readJournal } from '../../ops/journal.js';
import { runPause, runResume } from '../../ops/pause.js';
import { runTrend } from '../../ops/trend.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerWorkspaceState(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('pause')
    .description('stop acting now: commands not yet started are not run; passes still import, export and plan; every summary says who paused, when and why')
    .requiredOption('--reason <text>', 'why (shown in every summary until resume, and kept in the audit)')
    .action(async (opts: { reason: string }, cmd: Command) => {
      const r = await runPause(envOf(cmd), opts.reason);
      if (r.warning !== null) io.err(`breakfix: warning: ${r.warning}\n`);
      if (globalsOf(cmd).json) printJson(io, { ...r.pause, audit_id: r.auditId });
      else io.out(`${describePause(r.pause)}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('resume')
    .description('allow acting again after a pause (recorded with who, when and why)')
    .requiredOption('--reason <text>', 'why acting may resume (kept in the audit)')
    .action(async (opts: { reason: string }, cmd: Command) => {
      const r = await runResume(envOf(cmd), opts.reason);
      if (globalsOf(cmd).json) printJson(io, { resumed: r.was ?? null, audit_id: r.auditId });
      else io.out(r.was ? `resumed (was ${describePause(r.was)}); recorded as audit #${r.auditId}\n` : 'not paused: nothing to resume\n');
      setExit(EXIT.ok);
    });

  program
    .command('accept-history')
    .description("act without earlier days whose state.db cannot be read (their unknown outcomes and source sizes are lost); recorded with who, when and why")
    .requiredOption('--reason <text>', 'why acting without that history is safe (kept in the audit)')
    .action(async (opts: { reason: string }, cmd: Command) => {
      const r = await acceptHistory(envOf(cmd), opts.reason);
      if (globalsOf(cmd).json) printJson(io, r);
      else if (r.accepted.length === 0) {
        io.out(
          r.alreadyAccepted.length > 0
            ? `nothing more to accept on ${r.day}: already accepted ${r.alreadyAccepted.map((u) => u.day).join(', ')}\n`
            : `nothing to accept on ${r.day}: every earlier day's state.db can be read\n`,
        );
      } else {
        for (const a of r.accepted) {
          io.out(`accepted on ${r.day}: acting without ${a.day} (${a.file}: ${a.problem}); its unknown outcomes and source sizes are not checked (audit #${a.auditId})\n`);
        }
      }
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
    .description("the day's action journal (every host acted on, its command, outcome and exit code) and its operator decisions (clear, pause, resume, accept-history: who, uid, when, why)")
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await readJournal(envOf(cmd));
      if (globalsOf(cmd).json) printJson(io, r);
      else {
        if (r.entries.length === 0) io.out(`no actions journaled on ${r.day}\n`);
        else {
          io.out(
            formatTable(
              ['id', 'action', 'hostname', 'cluster', 'outcome', 'exit', 'started', 'note'],
              r.entries.map((e) => [e.id, e.action, e.hostname, e.cluster, e.outcome, e.exit_code, new Date(e.started_ms).toISOString(), e.note ?? '']),
            ),
          );
        }
        if (r.audit.length > 0) {
          io.out(`\noperator decisions on ${r.day}:\n`);
          io.out(
            formatTable(
              ['audit', 'at', 'command', 'subject', 'by', 'uid', 'reason', 'detail'],
              r.audit.map((a) => [
                a.id,
                new Date(a.at_ms).toISOString(),
                a.command,
                a.subject ?? '',
                `${a.user}@${a.host}${a.sudo_user ? ` (SUDO_USER=${a.sudo_user})` : ''}`,
                a.uid,
                a.reason,
                a.detail ?? '',
              ]),
            ),
          );
        }
      }
      setExit(EXIT.ok);
    });

  program
    .command('clear')
    .description("declare a host's unknown outcomes resolved, so it may be planned again (settled ones only with --force); recorded with who, when and why")
    .argument('<host>', 'the host')
    .requiredOption('--reason <text>', 'what was checked: why the entries are resolved (kept in the journal and the audit)')
    .option('--action <name>', 'only entries of this action')
    .option('--force', 'also clear settled entries (done, failed, timeout): the host stops counting as out for them today')
    .action(async (host: string, opts: { action?: string; reason: string; force?: boolean }, cmd: Command) => {
      const r = await clearHost(envOf(cmd), host, { action: opts.action, reason: opts.reason, force: opts.force === true });
      if (globalsOf(cmd).json) printJson(io, r);
      else if (r.cleared.length === 0) io.out(`nothing to clear for ${r.hostname} on ${r.day}\n`);
      else {
        const list = r.cleared.map((e) => `#${e.id} ${e.action} ${e.outcome}`).join(', ');
        io.out(`cleared ${r.cleared.length} journal entr${r.cleared.length === 1 ? 'y' : 'ies'} of ${r.hostname} on ${r.day} (${list}); recorded as audit #${r.auditId}\n`);
        if (r.kept.length > 0) io.out(`kept ${r.kept.map((e) => `#${e.id} ${e.action} ${e.outcome}`).join(', ')} (settled: --force clears those too)\n`);
      }
      setExit(EXIT.ok);
    });
}
