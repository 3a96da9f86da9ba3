import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly argv: readonly string[];
  /** Exit code, or null when killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The start failed (no such program, not executable): the message. */
  readonly spawnError: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Seconds before the command is sent SIGTERM (then SIGKILL after a grace period). */
  readonly timeoutSeconds: number;
  /** Write stdout to this open file (the caller's, e.g. an AtomicFile) instead of capturing it: large outputs never sit in memory. */
  readonly stdoutFd?: number;
  /** Called with output as it arrives (for transcripts); stdout only when not sent to a file. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Captured output is bounded: a command that prints gigabytes must not exhaust memory. */
const MAX_CAPTURE = 256 * 1024;
const KILL_GRACE_MS = 5_000;

/**
 * Run a command WITHOUT a shell: argv[0] is the program, every other element
 * reaches it as exactly one argument, whatever characters it holds. This is
 * how breakfix guarantees a hostname never reaches a shell.
 *
 * The child gets its own process group so a timeout kills what it started too.
 */
export function runCommand(argv: readonly string[], opts: RunOptions): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const outFd = opts.stdoutFd;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      shell: false,
      detached: true,
      stdio: ['ignore', outFd ?? 'pipe', 'pipe'],
    });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolvePromise({
        argv,
        exitCode,
        signal,
        timedOut,
        spawnError,
        stdout,
        stderr,
        durationMs: Math.round(performance.now() - started),
      });
    };
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutSeconds * 1000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += text.slice(0, MAX_CAPTURE - stdout.length);
      opts.onOutput?.('stdout', text);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      // Keep the tail: the last lines of stderr say why a command failed.
      stderr = (stderr + text).slice(-MAX_CAPTURE);
      opts.onOutput?.('stderr', text);
    });
    child.on('error', (err) => finish(null, null, err.message));
    child.on('close', (code, signal) => finish(code, signal, null));
  });
}

/** `hdfs dfsadmin -report` → a printable command line (JSON-quoted where needed), for messages only. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Why a command failed, in one line, or null when it succeeded. */
export function describeFailure(r: CommandResult, timeoutSeconds: number): string | null {
  if (r.spawnError !== null) return `could not start ${JSON.stringify(r.argv[0])}: ${r.spawnError}`;
  if (r.timedOut) return `timed out after ${timeoutSeconds}s and was killed`;
  if (r.signal !== null) return `was killed by ${r.signal}`;
  if (r.exitCode !== 0) {
    const lastLine = r.stderr.trimEnd().split('\n').pop()?.trim();
    return `exited with code ${r.exitCode}${lastLine ? `: ${lastLine}` : ''}`;
  }
  return null;
}
