import type { Command } from 'commander';
import { EXIT } from '../../errors.js';
import { OUTPUT_FORMATS, renderRows } from '../../export/render-rows.js';
import { runSql } from '../../ops/sql.js';
import { dataWriter, envOf, globalsOf, type Io } from '../io.js';
import { outputFormat } from './query.js';

export function registerSql(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('sql')
    .description("run one read-only SQL statement against the day's state.db (views included); --attach spans workspaces")
    .argument('<statement>', 'one SQL statement, e.g. "SELECT cluster, count(*) FROM hdfs_dead GROUP BY cluster"')
    .option('--attach <name=path>', "attach another workspace's state.db (or a state.db file) read-only as NAME; repeatable", collect, [])
    .option('--format <format>', `${OUTPUT_FORMATS.join(' | ')} (default table; json with --json)`)
    .action(async (statement: string, opts: { attach: string[]; format?: string }, cmd: Command) => {
      const format = opts.format === undefined && !globalsOf(cmd).json ? 'table' : outputFormat(opts.format, globalsOf(cmd).json);
      await runSql(envOf(cmd), statement, opts.attach, (r) => {
        if (r.viewWarning !== null) io.err(`breakfix: warning: views are not all available: ${r.viewWarning}\n`);
        // A statement that returns no rows (ATTACH, BEGIN...) prints nothing.
        if (r.columns.length === 0) return;
        // table is for people (escaped); tsv, csv and json are data, exact unless stdout is a terminal (see dataWriter).
        renderRows(format, r.columns, r.rows, format === 'table' ? (s) => io.out(s) : dataWriter(io));
      });
      setExit(EXIT.ok);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
