#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { BreakfixError, EXIT, exitCodeOf, InternalError } from '../errors.js';
import { PROJECT_ROOT } from '../project-root.js';
import { join } from 'node:path';
import { processIo, terminalSafe, type Io } from './terminal-io.js';

type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

/**
 * Each command module, loaded only when its command runs. Loading every
 * command (and what each pulls in: Kysely for check, the diff and explain
 * machinery, ...) cost about a quarter of a second on every invocation,
 * which is most of a `pass` that has nothing to do. Keys are the command
 * names each module registers.
 */
const COMMAND_MODULES: readonly (readonly [readonly string[], () => Promise<Register>])[] = [
  [['init'], async () => (await import('./commands/init.js')).registerInit],
  [['import'], async () => (await import('./commands/import.js')).registerImport],
  [['pass', 'loop'], async () => (await import('./commands/pass.js')).registerPass],
  [['plan', 'act'], async () => (await import('./commands/plan-act.js')).registerPlanAct],
  [['pause', 'resume', 'accept-history', 'trend', 'journal', 'clear'], async () => (await import('./commands/workspace-state.js')).registerWorkspaceState],
  [['views'], async () => (await import('./commands/views.js')).registerViews],
  [['query'], async () => (await import('./commands/query.js')).registerQuery],
  [['sql'], async () => (await import('./commands/sql.js')).registerSql],
  [['export'], async () => (await import('./commands/export.js')).registerExport],
  [['diff'], async () => (await import('./commands/diff.js')).registerDiff],
  [['explain'], async () => (await import('./commands/explain.js')).registerExplain],
  [['check'], async () => (await import('./commands/check.js')).registerCheck],
  [['report'], async () => (await import('./commands/report.js')).registerReport],
];

/** Global options that take a value in the next argument (`-C DIR`, `--day DAY`). */
const GLOBAL_WITH_VALUE = new Set(['-C', '--dir', '--day']);

/**
 * The modules to load for argv: the one registering the command named (the
 * first argument that is not a global option or its value), none for a bare
 * `--version` (it prints before any command is looked at), or all of them
 * when there is none (help, a mistyped command: commander then lists or
 * suggests every command, as before).
 */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  let named: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (GLOBAL_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    named = a;
    break;
  }
  if (named === undefined && (argv.includes('-V') || argv.includes('--version')) && !argv.includes('-h') && !argv.includes('--help')) return [];
  const match = COMMAND_MODULES.find(([names]) => named !== undefined && names.includes(named));
  const selected = match ? [match] : COMMAND_MODULES;
  return Promise.all(selected.map(([, load]) => load()));
}

/**
 * The CLI: commander wiring only. Each command parses its options, calls one
 * operation in src/ops, prints the result, and sets the exit code; this
 * function maps thrown errors to exit codes (docs/design.md#exit-codes).
 */
export async function main(argv: readonly string[], rawIo: Io = processIo): Promise<number> {
  // Everything printed for a person goes through here escaped: no command has to remember.
  const io = terminalSafe(rawIo);
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const program = new Command('breakfix')
    .description('Reconcile fleet inventory, metrics and HDFS/YARN state with named SQL views; act within per-cluster budgets.')
    .version(version)
    .option('-C, --dir <dir>', 'workspace directory', '.')
    .option('--day <day>', 'YYYY-MM-DD, today or yesterday (in the config time zone); act and pass --execute accept only today')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only problems')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  try {
    for (const register of await commandsFor(argv)) register(program, io, setExit);
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
