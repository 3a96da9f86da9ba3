import { UsageError } from '../errors.js';
import type { Command } from 'commander';
import { makeEnv, type Env } from '../config/env.js';
import type { Io } from './terminal-io.js';

export { processIo, terminalSafe, type Io } from './terminal-io.js';

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
