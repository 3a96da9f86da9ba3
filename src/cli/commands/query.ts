import type { Command } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import { OUTPUT_FORMATS, renderRows, type OutputFormat } from '../../export/render-rows.js';
import { decodeLine } from '../../util/text-table.js';
import { queryView } from '../../ops/query.js';
import { dataWriter, envOf, globalsOf, type Io } from '../io.js';

/** `--format`, defaulting to json under the global --json and to tsv otherwise. */
export function outputFormat(given: string | undefined, json: boolean): OutputFormat {
  if (given === undefined) return json ? 'json' : 'tsv';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(given)) throw new UsageError(`--format: expected one of ${OUTPUT_FORMATS.join(', ')}, got "${given}"`);
  return given as OutputFormat;
}

export function registerQuery(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('query')
    .description("print a view's rows, sorted as in its exported file (tsv is exactly that file's format)")
    .argument('<view>', 'the view (dashes or underscores: hdfs-dead, hdfs_dead)')
    .option('--format <format>', `${OUTPUT_FORMATS.join(' | ')} (default tsv; json with --json)`)
    .action(async (view: string, opts: { format?: string }, cmd: Command) => {
      const format = outputFormat(opts.format, globalsOf(cmd).json);
      // table is for people (escaped); tsv, csv and json are data, exact unless stdout is a terminal (see dataWriter).
      const write = format === 'table' ? (s: string) => io.out(s) : dataWriter(io);
      await queryView(envOf(cmd), view, (r) => {
        if (format === 'tsv') {
          // The lines are already text-table lines: print them as they are.
          let buf = '';
          for (const line of r.lines) {
            buf += line + '\n';
            if (buf.length >= 1 << 16) {
              write(buf);
              buf = '';
            }
          }
          if (buf !== '') write(buf);
        } else {
          renderRows(format, r.columns, mapLines(r.lines), write);
        }
      });
      setExit(EXIT.ok);
    });
}

function* mapLines(lines: Iterable<string>): Generator<(string | null)[]> {
  for (const l of lines) yield decodeLine(l);
}
