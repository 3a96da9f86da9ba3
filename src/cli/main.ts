#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { BreakfixError, EXIT, exitCodeOf, InternalError } from '../errors.js';
import { PROJECT_ROOT } from '../db/open.js';
import { join } from 'node:path';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerPass } from './commands/pass.js';
import { registerPlanAct } from './commands/plan-act.js';
import { registerWorkspaceState } from './commands/workspace-state.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerQuery } from './commands/query.js';
import { registerSql } from './commands/sql.js';
import { registerViews } from './commands/views.js';
import { processIo, type Io } from './io.js';

/**
 * The CLI: commander wiring only. Each command parses its options, calls one
 * operation in src/ops, prints the result, and sets the exit code; this
 * function maps thrown errors to exit codes (DESIGN.md "Commands").
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const program = new Command('breakfix')
    .description('Reconcile fleet inventory, metrics and HDFS/YARN state with named SQL views; act within per-cluster budgets.')
    .version(version)
    .option('-C, --dir <dir>', 'workspace directory', '.')
    .option('--day <day>', 'YYYY-MM-DD, today or yesterday (in the config time zone)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only problems')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  registerInit(program, io, setExit);
  registerImport(program, io, setExit);
  registerPass(program, io, setExit);
  registerPlanAct(program, io, setExit);
  registerWorkspaceState(program, io, setExit);
  registerViews(program, io, setExit);
  registerQuery(program, io, setExit);
  registerSql(program, io, setExit);
  registerExport(program, io, setExit);
  registerDiff(program, io, setExit);
  registerExplain(program, io, setExit);
  registerCheck(program, io, setExit);

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof BreakfixError && !(err instanceof InternalError)) {
      io.err(`breakfix: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.err(`breakfix: internal error (a bug in breakfix, please report it): ${e.stack ?? e.message}\n`);
    return exitCodeOf(err);
  }
  return exitCode;
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`breakfix: ${String(err)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
