import { escapeForTerminal } from '../util/terminal-text.js';

// Apart from io.ts (which re-exports these) so that the entry point loads
// neither the config nor its parsers before it knows it needs them: a bare
// `breakfix --version` prints without them.

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

