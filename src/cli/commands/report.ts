import type { Command } from 'commander';
import { relative } from 'node:path';
import { EXIT, UsageError } from '../../errors.js';
import { runReport } from '../../ops/report.js';
import { formatBytes } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('report')
    .description("the day as one self-contained HTML page: passes, their story, charts, changes since the day before, plans, journal, inputs")
    .option('--days <n>', 'days of view sizes in the trend chart', '7')
    .option('-o, --output <file>', 'where to write it (default runs/DAY/report.html)')
    .action(async (opts: { days: string; output?: string }, cmd: Command) => {
      if (!/^\d+$/.test(opts.days)) throw new UsageError(`--days: expected a whole number of days >= 1, got "${opts.days}"`);
      const g = globalsOf(cmd);
      const r = await runReport(envOf(cmd), { days: Number(opts.days), out: opts.output });
      if (g.json) printJson(io, r);
      else if (!g.quiet) {
        const shown = relative(process.cwd(), r.file) || r.file;
        io.out(`${shown}: report of ${r.day} (${r.passes} pass${r.passes === 1 ? '' : 'es'}, ${formatBytes(r.bytes)}) in ${r.seconds.toFixed(2)}s\n`);
      }
      setExit(EXIT.ok);
    });
}
