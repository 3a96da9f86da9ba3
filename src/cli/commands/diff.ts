import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import type { ViewDiff } from '../../export/view-diff.js';
import { runDiff } from '../../ops/diff.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description("rows removed and added per view between two days' exported files (default yesterday -> today)")
    .argument('[view...]', 'views to compare (default: every view exported on either day)')
    .option('--from <day>', 'YYYY-MM-DD, today or yesterday (default: the day before --to)')
    .option('--to <day>', 'YYYY-MM-DD, today or yesterday (default: --day, i.e. today)')
    .option('--stat', 'counts only, no rows')
    .option('--exit-code', 'exit 1 when any view differs (like git diff --exit-code)')
    .action((names: string[], opts: { from?: string; to?: string; stat?: boolean; exitCode?: boolean }, cmd: Command) => {
      const g = globalsOf(cmd);
      const r = runDiff(envOf(cmd), names, { from: opts.from, to: opts.to });
      try {
        for (const w of r.warnings) io.err(`breakfix: warning: ${w}\n`);
        if (g.json) {
          printJson(io, {
            from: r.from,
            to: r.to,
            differ: r.differ,
            warnings: r.warnings,
            views: r.views.map((v) => ({
              ...v,
              ...(opts.stat === true || v.status !== 'changed'
                ? {}
                : (() => {
                    const removed: string[] = [];
                    const added: string[] = [];
                    for (const d of r.lines(v.view)) (d.sign === '-' ? removed : added).push(d.line);
                    return { removed_rows: removed, added_rows: added };
                  })()),
            })),
          });
        } else if (opts.stat === true) {
          io.out(`${r.from} -> ${r.to}\n`);
          io.out(formatTable(['view', 'from', 'to', 'removed', 'added', 'note'], r.views.map((v) => [v.view, v.from_rows, v.to_rows, v.removed, v.added, note(v, r.from, r.to)])));
        } else {
          io.out(`${r.from} -> ${r.to}\n`);
          for (const v of r.views) {
            if (v.status === 'unchanged') continue;
            if (v.status !== 'changed') {
              io.out(`${v.view}: ${note(v, r.from, r.to)}\n`);
              continue;
            }
            io.out(`${v.view}: ${v.removed} removed, ${v.added} added${v.sql_changed ? ' (view definition changed)' : ''}\n`);
            let buf = '';
            for (const d of r.lines(v.view)) {
              buf += `${d.sign}${d.line}\n`;
              if (buf.length >= 1 << 16) {
                io.out(buf);
                buf = '';
              }
            }
            io.out(buf);
          }
          const differing = r.views.filter((v) => v.status !== 'unchanged').length;
          io.out(`${r.views.length} view${r.views.length === 1 ? '' : 's'} compared: ${differing} differ, ${r.views.length - differing} unchanged\n`);
        }
      } finally {
        r.close(); // the files compared were held open so that the rows listed are the rows counted
      }
      setExit(opts.exitCode === true && r.differ ? EXIT.error : EXIT.ok);
    });
}

function note(v: ViewDiff, from: string, to: string): string {
  switch (v.status) {
    case 'only-from':
      return `only in ${from} (${v.from_rows} rows): not exported on ${to}`;
    case 'only-to':
      return `only in ${to} (${v.to_rows} rows): not exported on ${from}`;
    default:
      return v.sql_changed ? 'view definition changed' : '';
  }
}
