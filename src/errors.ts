/**
 * The error taxonomy. Every failure breakfix reports is one of these; only the
 * CLI's `main` turns them into exit codes (see `exitCodeOf`).
 *
 *  - UsageError     the command line or config is wrong            → exit 2
 *    ConfigError    breakfix.yaml is wrong: every problem, one a line → exit 2
 *  - InputError     an input file or command output is malformed   → exit 1
 *  - WorkspaceError a file or directory under runs/ is not one breakfix may use
 *                   (a symbolic link, not a regular file, not writable) → exit 1
 *  - QueryError     a view or ad-hoc SQL failed                    → exit 1
 *  - ActionError    an action command failed                       → exit 1
 *  - LockHeld       another process holds the workspace lock       → exit 75
 *  - InternalError  a bug in breakfix                              → exit 1
 *
 * An invariant's refusal is not an error: it is a pass's or a plan's outcome
 * (exit 3, see `exitCodeFor`).
 */

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  refused: 3,
  locked: 75,
  interrupted: 130,
} as const;

export abstract class BreakfixError extends Error {
  abstract readonly exitCode: number;
  override readonly name: string = this.constructor.name;
}

/** The command line or the config is wrong; the message says which flag or key fixes it. */
export class UsageError extends BreakfixError {
  readonly exitCode = EXIT.usage;
}

/** breakfix.yaml is wrong: exit 2, every problem on its own line (`breakfix check` lists them). */
export class ConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.length === 1 ? problems[0]! : `${file}: ${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
}

/** Where in an input a problem is: a file and a 1-based line, or a JSON path. */
export interface InputLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string | number;
  readonly jsonPath?: string;
}

/**
 * An input (file or command output) is malformed. The message is
 * `file:line: what is wrong` (or `file: $.path: what is wrong` for JSON), so a
 * person can open the file at the line.
 */
export class InputError extends BreakfixError {
  readonly exitCode = EXIT.error;
  readonly problem: string;
  readonly location: InputLocation;

  constructor(location: InputLocation, problem: string) {
    super(`${formatLocation(location)}: ${problem}`);
    this.location = location;
    this.problem = problem;
  }

  /** The same problem, relocated to another file name (parsers know lines, loaders know files). */
  inFile(file: string): InputError {
    return new InputError({ ...this.location, file }, this.problem);
  }
}

export function formatLocation(loc: InputLocation): string {
  let out = loc.file;
  if (loc.line !== undefined) out += `:${loc.line}`;
  if (loc.jsonPath !== undefined) out += `: ${loc.jsonPath}`;
  return out;
}

/**
 * Parsers do not know file names: they throw this with a line (or JSON path),
 * and the loader turns it into an InputError naming the file.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly problem: string,
    readonly line?: number,
    readonly jsonPath?: string,
  ) {
    super(line !== undefined ? `line ${line}: ${problem}` : jsonPath !== undefined ? `${jsonPath}: ${problem}` : problem);
  }

  toInputError(file: string): InputError {
    const loc: InputLocation = { file };
    return new InputError(
      {
        ...loc,
        ...(this.line !== undefined ? { line: this.line } : {}),
        ...(this.jsonPath !== undefined ? { jsonPath: this.jsonPath } : {}),
      },
      this.problem,
    );
  }
}

/**
 * A path under the workspace's runs/ is not what breakfix may write or read
 * there: a symbolic link (breakfix never writes through one, so a link
 * planted in a shared workspace cannot redirect its writes), something other
 * than a regular file or directory, or a file it cannot write. The message is
 * `path: what is wrong and what to do`.
 */
export class WorkspaceError extends BreakfixError {
  readonly exitCode = EXIT.error;
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** A view failed to compile or run, or ad-hoc SQL was refused. */
export class QueryError extends BreakfixError {
  readonly exitCode = EXIT.error;
}

/** An action's command failed (non-zero exit, timeout, could not start). */
export class ActionError extends BreakfixError {
  readonly exitCode = EXIT.error;
}

/**
 * Another process holds the workspace lock. With a holder: the message names
 * it. Without one (no record, or a record that cannot be read): `problem` is
 * the whole message, and says how to recover.
 */
export class LockHeld extends BreakfixError {
  readonly exitCode = EXIT.locked;
  constructor(
    readonly holder: { pid: number; host: string; started: string; command?: string } | undefined,
    lockPath: string,
    problem?: string,
  ) {
    super(
      holder !== undefined
        ? `workspace is locked by pid ${holder.pid} on ${holder.host} since ${holder.started}` +
            (holder.command ? ` (${holder.command})` : '') +
            `; lock file ${lockPath}. Try again later.`
        : (problem ?? `workspace is locked; lock file ${lockPath}. Try again later.`),
    );
  }
}

/** A bug in breakfix: an assumption the code relies on did not hold. */
export class InternalError extends BreakfixError {
  readonly exitCode = EXIT.error;
}

/**
 * The exit code of what a pass or `act` did (and `plan`, which only refuses):
 * interrupted 130, else anything failed 1, else refused 3, else 0.
 */
export function exitCodeFor(outcome: { readonly interrupted?: boolean; readonly failed?: boolean; readonly refused: boolean }): number {
  if (outcome.interrupted === true) return EXIT.interrupted;
  if (outcome.failed === true) return EXIT.error;
  return outcome.refused ? EXIT.refused : EXIT.ok;
}

/** The exit code of a thrown error: its class's, or 1 for anything else (a bug). */
export function exitCodeOf(err: unknown): number {
  if (err instanceof BreakfixError) return err.exitCode;
  return EXIT.error;
}
