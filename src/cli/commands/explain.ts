import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import { explainHost } from '../../ops/explain.js';
import { escapeValue } from '../../util/terminal-text.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerExplain(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description('every table row naming a host (with its input file:line) and every view it is in or out of')
    .argument('<host>', 'the host, as any source writes it (DN1:9866 works: it is normalised first)')
    .action(async (host: string, _opts: unknown, cmd: Command) => {
      const r = await explainHost(envOf(cmd), host);
      if (globalsOf(cmd).json) {
        printJson(io, r);
      } else {
        let out = `${r.hostname}${r.input !== r.hostname ? ` (given as ${r.input})` : ''} on ${r.day}\n\ntables:\n`;
        for (const t of r.tables) {
          if (t.matches === 0) {
            out += `  ${t.table}: no rows\n`;
            continue;
          }
          const unit = t.table === 'metric_samples' ? 'sample' : 'row';
          out += `  ${t.table}: ${t.matches} ${unit}${t.matches === 1 ? '' : 's'}${t.note ? ` (${t.note})` : ''}\n`;
          for (const row of t.rows) {
            out += `    ${row.from ?? '(no input recorded)'}\n      ${formatValues(row.values)}\n`;
          }
        }
        out += '\nviews:\n';
        const width = Math.max(...r.views.map((v) => v.view.length), 4);
        for (const v of r.views) {
          const what = v.status === 'n/a' ? 'n/a  (no hostname column)' : v.status === 'error' ? 'error (did not compile)' : v.status;
          out += `  ${v.view.padEnd(width)}  ${what}`;
          if (v.status === 'in') out += `  ${v.rows.map(formatValues).join(' | ')}`;
          out += '\n';
        }
        io.out(out);
      }
      if (r.viewError !== null) io.err(`breakfix: ${r.viewError}\n`);
      setExit(r.viewError !== null ? EXIT.error : EXIT.ok);
    });
}

/** `key=value` pairs on one line; NULL as `-`; a value's newlines and other control characters escaped. */
function formatValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) => `${escapeValue(k)}=${v === null || v === undefined ? '-' : escapeValue(String(v))}`)
    .join(' ');
}
