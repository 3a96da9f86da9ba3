import type { Command } from 'commander';
import { makeEnv, type Env } from '../ops/env.js';

/** Where the CLI writes: stdout for results (what --json makes machine-readable), stderr for everything else. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stderrIsTty: boolean;
  readonly color: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
  color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
};

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

/** Pretty JSON for --json output, one document per command. */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}
