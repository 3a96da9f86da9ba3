import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import { listViews } from '../../ops/views.js';
import { formatTable } from '../../util/format-table.js';
import { envOf, globalsOf, printJson, type Io } from '../io.js';

export function registerViews(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('views')
    .description('list views: name, rows, origin (stock/workspace, and which workspace views override stock ones), description')
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await listViews(envOf(cmd));
      if (globalsOf(cmd).json) {
        printJson(io, r);
      } else {
        io.out(
          formatTable(
            ['view', 'rows', 'origin', 'description'],
            r.views.map((v) => [v.name, v.rows, v.overrides_stock ? 'workspace (overrides stock)' : v.origin, v.description ?? '']),
          ),
        );
        if (!r.imported) io.err(`breakfix: no state.db for ${r.day} yet: rows unknown (run "breakfix import")\n`);
      }
      if (r.error !== null) io.err(`breakfix: ${r.error}\n`);
      setExit(r.error !== null ? EXIT.error : EXIT.ok);
    });
}
