import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** How breakfix ended a command it had to stop (timeout or output limit), for the journal and transcript. */
export interface Termination {
  /** The timeout passed; it printed more than its limit; its output could not be saved (disk full). */
  readonly reason: 'timeout' | 'output-limit' | 'save-failed';
  /** Signals sent to the command's process group, in order. */
  readonly sent: readonly ('SIGTERM' | 'SIGKILL')[];
  /** The command (the process breakfix started) exited; false: it was still there when breakfix stopped waiting. */
  readonly exited: boolean;
  /** Seconds from the first signal until breakfix stopped waiting. */
  readonly waitedSeconds: number;
}

export interface CommandResult {
  readonly argv: readonly string[];
  /** Exit code, or null when killed by a signal (or it never exited). */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The command printed more than `maxOutputBytes` and was stopped. */
  readonly outputLimitExceeded: boolean;
  /** What breakfix did to stop it; null when it ended on its own. */
  readonly termination: Termination | null;
  /**
   * Its output was still open when breakfix stopped reading: a process it
   * started (outside its process group, or one that survived it) held
   * stdout or stderr. Output after that was not captured.
   */
  readonly outputCut: boolean;
  /** The start failed (no such program, not executable): the message. */
  readonly spawnError: string | null;
  /** Writing its stdout to the file failed (disk full, ...): the message; the command was stopped. */
  readonly saveError: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Bytes printed on stdout and stderr together (up to where reading stopped). */
  readonly outputBytes: number;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly cwd: string;
  /** The command's whole environment (see command-env.ts); never breakfix's own by default. */
  readonly env: NodeJS.ProcessEnv;
  /** Seconds before the command's process group is sent SIGTERM (then SIGKILL after a grace period). */
  readonly timeoutSeconds: number;
  /** Write stdout to this open file (the caller's, e.g. an AtomicFile) instead of capturing it: large outputs never sit in memory. */
  readonly stdoutFd?: number;
  /** Stop the command (as for a timeout) once it has printed more than this many bytes, stdout and stderr together. */
  readonly maxOutputBytes?: number;
  /** Called with output as it arrives (for transcripts); stdout only when not sent to a file. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Captured output is bounded: a command that prints gigabytes must not exhaust memory. */
const MAX_CAPTURE = 256 * 1024;
/** After SIGTERM, how long the process group has to go before SIGKILL. */
export const KILL_GRACE_MS = 5_000;
/** After SIGKILL, how long to wait for the exit to be seen before giving up on it. */
const AFTER_KILL_MS = 1_000;
/**
 * After the command exits, how long to go on reading output still open.
 * Whatever it printed before exiting is already in the pipe and read at
 * once; output still open after this is held by a process it left behind.
 */
const DRAIN_AFTER_EXIT_MS = 1_000;

/**
 * Run a command WITHOUT a shell: argv[0] is the program, every other element
 * reaches it as exactly one argument, whatever characters it holds. This is
 * how breakfix guarantees a hostname never reaches a shell.
 *
 * The wait is bounded whatever the command does: the child gets its own
 * process group; at the timeout the group gets SIGTERM, KILL_GRACE_MS later
 * SIGKILL, and AFTER_KILL_MS after that breakfix stops waiting even for a
 * process that would not die. It settles on the child's exit, not on its
 * pipes closing: a process it started that escaped the group (setsid) and
 * kept stdout open is read for DRAIN_AFTER_EXIT_MS more, then the pipes are
 * destroyed and the result says the output was cut. The result says what
 * actually happened (`describeFailure`, `describeEnd`).
 */
export function runCommand(argv: readonly string[], opts: RunOptions): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const outFd = opts.stdoutFd;
    let stdout = '';
    let stderr = '';
    let outputBytes = 0;
    let timedOut = false;
    let outputLimitExceeded = false;
    let saveError: string | null = null;
    let settled = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let stdoutOpen = true;
    let stderrOpen = true;
    let terminating: { reason: Termination['reason']; sent: ('SIGTERM' | 'SIGKILL')[]; at: number } | undefined;
    const timers: NodeJS.Timeout[] = [];
    // setTimeout fires at once for more than 2^31-1 ms (24.8 days): clamp, never fire early.
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, Math.min(ms, 2 ** 31 - 1)));

    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    const killGroup = (sig: 'SIGTERM' | 'SIGKILL'): boolean => {
      try {
        if (child.pid === undefined) return false;
        process.kill(-child.pid, sig);
        return true;
      } catch {
        return false; // the whole group is gone
      }
    };

    const finish = (spawnError: string | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      const outputCut = spawnError === null && (stdoutOpen || stderrOpen);
      child.stdout?.destroy();
      child.stderr?.destroy();
      // A process that never exited must not keep breakfix itself alive.
      child.unref();
      // Whatever of a stopped command's group survived SIGTERM is not left
      // running. Not part of the story told: a group of zombies not yet
      // reaped accepts the signal too, so its success proves nothing.
      if (terminating !== undefined && !terminating.sent.includes('SIGKILL')) killGroup('SIGKILL');
      resolvePromise({
        argv,
        exitCode: exited?.code ?? null,
        signal: exited?.signal ?? null,
        timedOut,
        outputLimitExceeded,
        termination:
          terminating === undefined
            ? null
            : { reason: terminating.reason, sent: terminating.sent, exited: exited !== undefined, waitedSeconds: Math.round((performance.now() - terminating.at) / 100) / 10 },
        outputCut,
        spawnError,
        saveError,
        stdout,
        stderr,
        outputBytes,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const settleIfDone = () => {
      if (exited !== undefined && !stdoutOpen && !stderrOpen) finish(null);
    };

    const terminate = (reason: Termination['reason']) => {
      if (terminating !== undefined || exited !== undefined) {
        // Exited already (its output held open by what it left behind): nothing to signal but the group's remains.
        if (terminating === undefined && exited !== undefined) finish(null);
        return;
      }
      terminating = { reason, sent: [], at: performance.now() };
      if (killGroup('SIGTERM')) terminating.sent.push('SIGTERM');
      later(KILL_GRACE_MS, () => {
        if (killGroup('SIGKILL')) terminating!.sent.push('SIGKILL');
        later(AFTER_KILL_MS, () => finish(null));
      });
    };

    later(opts.timeoutSeconds * 1000, () => {
      timedOut = exited === undefined;
      terminate('timeout');
    });
    // The bound on the whole wait, whatever happens above.
    later(opts.timeoutSeconds * 1000 + KILL_GRACE_MS + AFTER_KILL_MS + 500, () => finish(null));

    /** Count output against the limit; false once the limit is passed (the rest is dropped). */
    const admit = (bytes: number): boolean => {
      if (outputLimitExceeded || saveError !== null) return false;
      outputBytes += bytes;
      if (opts.maxOutputBytes !== undefined && outputBytes > opts.maxOutputBytes) {
        outputLimitExceeded = true;
        terminate('output-limit');
        return false;
      }
      return true;
    };

    const outDecoder = new StringDecoder('utf8');
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!admit(chunk.length)) return;
      if (outFd !== undefined) {
        try {
          for (let off = 0; off < chunk.length; ) off += writeSync(outFd, chunk, off);
        } catch (err) {
          saveError = (err as Error).message;
          terminate('save-failed');
        }
        return;
      }
      const text = outDecoder.write(chunk);
      if (stdout.length < MAX_CAPTURE) stdout += text.slice(0, MAX_CAPTURE - stdout.length);
      opts.onOutput?.('stdout', text);
    });
    const errDecoder = new StringDecoder('utf8');
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!admit(chunk.length)) return;
      const text = errDecoder.write(chunk);
      // Keep the tail: the last lines of stderr say why a command failed.
      stderr = (stderr + text).slice(-MAX_CAPTURE);
      opts.onOutput?.('stderr', text);
    });
    child.stdout?.on('close', () => {
      stdoutOpen = false;
      settleIfDone();
    });
    child.stderr?.on('close', () => {
      stderrOpen = false;
      settleIfDone();
    });
    child.on('error', (err) => {
      stdoutOpen = stderrOpen = false;
      finish(err.message);
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      settleIfDone();
      if (!settled) later(DRAIN_AFTER_EXIT_MS, () => finish(null));
    });
  });
}

/** `hdfs dfsadmin -report` → a printable command line (JSON-quoted where needed), for messages only. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** How the command ended, in words: `exited with code 3`, `exited on SIGTERM`, `did not exit`. */
function howItEnded(r: CommandResult): string {
  if (r.exitCode !== null) return `exited with code ${r.exitCode}`;
  if (r.signal !== null) return `exited on ${r.signal}`;
  return 'did not exit';
}

/**
 * What stopping it took: `SIGTERM sent to its process group, exited on
 * SIGTERM`, or `...; still running after 5s: SIGKILL sent, did not exit even
 * after SIGKILL (stopped waiting after 6s)`.
 */
function terminationStory(r: CommandResult, t: Termination): string {
  const term = t.sent.includes('SIGTERM');
  const kill = t.sent.includes('SIGKILL');
  const steps: string[] = [];
  if (term) steps.push('SIGTERM sent to its process group');
  if (kill) steps.push(`${term ? `still running after ${KILL_GRACE_MS / 1000}s: ` : ''}SIGKILL sent`);
  if (steps.length === 0) steps.push('its process group was already gone');
  const end = t.exited ? howItEnded(r) : `did not exit${kill ? ' even after SIGKILL' : ''} (stopped waiting after ${t.waitedSeconds}s; it may still be running)`;
  return `${steps.join('; ')}, ${end}`;
}

const CUT = 'a process it started kept its output open, output after that not captured';

/** What stopping the command took (or how it had ended already), and whether its output was cut. */
export function describeStop(r: CommandResult): string {
  const story = r.termination !== null ? terminationStory(r, r.termination) : `it had ${howItEnded(r)} already`;
  return `${story}${r.outputCut ? `; ${CUT}` : ''}`;
}

/** Why a command failed, in one line, or null when it succeeded. */
export function describeFailure(r: CommandResult, timeoutSeconds: number): string | null {
  if (r.spawnError !== null) return `could not start ${JSON.stringify(r.argv[0])}: ${r.spawnError}`;
  const cut = r.outputCut ? `; ${CUT}` : '';
  const stopped = r.termination !== null ? ` and was stopped: ${terminationStory(r, r.termination)}` : ` (it had ${howItEnded(r)})`;
  // Checked first: a command that printed too much, or whose output could not be saved, failed whatever its exit code.
  if (r.saveError !== null) return `its output could not be saved (${r.saveError})${stopped}${cut}`;
  if (r.outputLimitExceeded) return `printed more than its output limit (${r.outputBytes} bytes read)${stopped}${cut}`;
  if (r.timedOut && r.termination !== null) return `timed out after ${timeoutSeconds}s: ${terminationStory(r, r.termination)}${cut}`;
  if (r.exitCode === null && r.signal === null) return `did not exit within ${timeoutSeconds}s${cut}`;
  if (r.signal !== null) return `was killed by ${r.signal}${cut}`;
  if (r.exitCode !== 0) {
    const lastLine = r.stderr.trimEnd().split('\n').pop()?.trim();
    return `exited with code ${r.exitCode}${lastLine ? `: ${lastLine}` : ''}${cut}`;
  }
  return null;
}

/**
 * The transcript line after a command: `exit 0 after 569ms: ARGV` (the exit
 * code, the signal it died of, or `none`), and on a second line what went
 * wrong or was left behind, if anything.
 */
export function describeEnd(r: CommandResult, timeoutSeconds: number): string {
  const code = r.exitCode ?? r.signal ?? 'none';
  const more = describeFailure(r, timeoutSeconds) ?? (r.outputCut ? CUT : null);
  return `exit ${code} after ${r.durationMs}ms: ${formatArgv(r.argv)}${more !== null ? `\n${more}` : ''}`;
}

/** A note for a command that succeeded but left something behind (its output held open), or null. */
export function successNote(r: CommandResult): string | null {
  return r.outputCut && describeFailure(r, 0) === null ? `exited 0; ${CUT}` : null;
}
