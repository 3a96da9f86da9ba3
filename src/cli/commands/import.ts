import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import { runImport } from '../../ops/import.js';
import { formatBytes, formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';
import { terminalProgress } from '../progress.js';

export function registerImport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('import')
    .description("import sources into the day's state.db (all, or the ones named)")
    .argument('[source...]', 'sources to import (default: all, inventory first)')
    .option('--force', 're-import even when an input and its config are unchanged')
    .action(async (names: string[], opts: { force?: boolean }, cmd: Command) => {
      const g = globalsOf(cmd);
      const progress = io.stderrIsTty ? terminalProgress() : undefined;
      const outcome = await runImport(envOf(cmd), names, {
        force: opts.force === true,
        ...(progress ? { progress: (src, total) => progress(src.name, total) } : {}),
      });
      for (const w of outcome.warnings) io.err(`breakfix: warning: ${w}\n`);
      const failed = outcome.reports.filter((r) => r.status === 'failed');
      if (g.json) {
        printJson(io, { day: outcome.day, sources: outcome.reports });
      } else if (!g.quiet || failed.length > 0) {
        io.out(
          formatTable(
            ['source', 'kind', 'status', 'rows', 'unmatched', 'bytes', 'seconds'],
            outcome.reports.map((r) => [
              r.source,
              r.kind,
              r.status,
              r.status === 'failed' ? null : r.rows,
              r.unmatched,
              formatBytes(r.bytes),
              Number(r.seconds.toFixed(2)),
            ]),
          ),
        );
      }
      if (!g.json && !g.quiet) {
        // What an import skipped on purpose, never silently (Prometheus samples without the host label).
        for (const r of outcome.reports) if (r.note !== null) io.out(`${r.source}: ${r.note}\n`);
      }
      for (const r of failed) io.err(`breakfix: import ${r.source} failed: ${r.error}\n`);
      setExit(failed.length > 0 ? EXIT.error : EXIT.ok);
    });
}
