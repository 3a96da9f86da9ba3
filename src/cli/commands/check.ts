import type { Command } from 'commander';
import { runCheck } from '../../ops/check.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerCheck(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('check')
    .description("validate the config, compile every view without importing, and report sources whose hosts the inventory does not know")
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await runCheck(envOf(cmd));
      if (globalsOf(cmd).json) {
        printJson(io, r);
        setExit(r.exitCode);
        return;
      }
      let out = '';
      if (!r.config.ok) {
        out += `config: ${r.config.problems.length} problem${r.config.problems.length === 1 ? '' : 's'}\n`;
        for (const p of r.config.problems) out += `  ${p}\n`;
      } else {
        out += `config: ok (${r.config.file})\n`;
      }
      if (r.views.length > 0) {
        const counts = (s: string) => r.views.filter((v) => v.status === s).length;
        out += `views: ${counts('ok')} ok, ${counts('error')} error, ${counts('skipped')} skipped, ${counts('unchecked')} unchecked\n`;
        // An error's message names its file already; the others say which view.
        for (const v of r.views) if (v.status !== 'ok') out += `  ${v.status}: ${v.status === 'error' ? '' : `${v.view}: `}${v.message}\n`;
      }
      for (const ref of r.references) out += `  ${ref.kind === 'config' ? 'config' : 'view'}: ${ref.problem}\n`;
      for (const s of r.schema) out += `  note: source ${s.source}: ${s.note}\n`;
      if (r.day !== null) {
        if (r.dayNote !== null) {
          out += `hosts vs inventory (${r.day}): ${r.dayNote}\n`;
        } else {
          out += `hosts vs inventory (${r.day}):\n`;
          const shown = r.sources.filter((s) => s.status !== 'n/a');
          out += indent(
            formatTable(
              ['source', 'kind', 'hosts', 'unknown', 'share', ''],
              shown.map((s) => [s.source, s.kind, s.hosts, s.unmatched, s.share === null ? null : `${(s.share * 100).toFixed(1)}%`, s.status === 'flagged' ? 'HIGH' : s.status === 'not-imported' ? 'not imported' : '']),
            ),
          );
          for (const s of shown) if (s.status === 'flagged') out += `  ${s.source}: ${s.explanation}\n`;
        }
      }
      io.out(out);
      setExit(r.exitCode);
    });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
}
