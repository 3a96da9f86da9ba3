import type { Command } from 'commander';
import { relative } from 'node:path';
import { EXIT } from '../../errors.js';
import { runExport } from '../../ops/export.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerExport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('write view files (runs/DAY/<view>) and manifest.json; a current file is not rewritten')
    .argument('[view...]', 'views to export (default: all)')
    .option('--force', 'rewrite every selected view, current or not')
    .action(async (names: string[], opts: { force?: boolean }, cmd: Command) => {
      const g = globalsOf(cmd);
      const env = envOf(cmd);
      const r = await runExport(env, names, { force: opts.force === true });
      for (const w of r.warnings) io.err(`breakfix: warning: ${w}\n`);
      if (g.json) {
        printJson(io, r);
      } else if (!g.quiet) {
        io.out(formatTable(['view', 'rows', 'status', 'reason'], r.views.map((v) => [v.view, v.rows, v.status, v.reason])));
        const written = r.views.filter((v) => v.status === 'written').length;
        io.out(`${written} written, ${r.views.length - written} current; manifest ${relative(env.dir, r.manifest)}\n`);
      }
      setExit(EXIT.ok);
    });
}
