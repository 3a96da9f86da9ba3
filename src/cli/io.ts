import { UsageError } from '../errors.js';
import type { Command } from 'commander';
import { makeEnv, type Env } from '../config/env.js';
import { escapeForTerminal } from '../util/terminal-text.js';

/**
 * Where the CLI writes: stdout for results, stderr for everything else.
 *
 * `out` and `err` are text for a person — summaries, tables, messages,
 * warnings — and every control character in them is escaped (see
 * util/terminal-text.ts), so a value from an input cannot drive the
 * terminal. `data` is a machine format (`--json`, `query`/`sql` as tsv or
 * csv) and is written exactly as produced: those formats have their own
 * contracts, and a pipe must get the bytes the exported file holds.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  data(text: string): void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly color: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  data: (text) => void process.stdout.write(text),
  stdoutIsTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
};

/** `io` with its human channels escaped: what every command is given (src/cli/main.ts), so no call site has to remember. */
export function terminalSafe(io: Io): Io {
  return {
    out: (text) => io.out(escapeForTerminal(text)),
    err: (text) => io.err(escapeForTerminal(text)),
    data: (text) => io.data(text),
    stdoutIsTty: io.stdoutIsTty,
    stderrIsTty: io.stderrIsTty,
    color: io.color,
  };
}

/**
 * Where a machine format goes: as it is into a pipe or a file, but escaped
 * like text on a terminal — as `ls` shows control characters in names as `?`
 * only on a terminal. Nothing reads a terminal but a person.
 */
export function dataWriter(io: Io): (text: string) => void {
  return io.stdoutIsTty ? (text) => io.out(text) : (text) => io.data(text);
}

/** The global options every command sees (`-C`, `--day`, `--json`, `-q`). */
export interface GlobalOptions {
  readonly dir: string;
  readonly day: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ dir?: string; day?: string; json?: boolean; quiet?: boolean }>();
  return { dir: o.dir ?? '.', day: o.day, json: o.json === true, quiet: o.quiet === true };
}

export function envOf(cmd: Command): Env {
  const g = globalsOf(cmd);
  return makeEnv(g.dir, g.day);
}

/** Pretty JSON for --json output, one document per command (JSON escapes the C0 controls itself, as `\u001b`). */
export function printJson(io: Io, value: unknown): void {
  dataWriter(io)(JSON.stringify(value, null, 2) + '\n');
}

/**
 * `--seed N`, the same for every command that plans: a whole number from 0
 * to 4294967295 (the 32 bits the planner's generator uses), else exit 2.
 */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) throw new UsageError(`--seed: expected a whole number from 0 to 4294967295, got "${text}"`);
  return Number(text);
}
