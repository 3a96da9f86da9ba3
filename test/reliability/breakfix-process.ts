import type { ChildProcess } from 'node:child_process';
import { startCli } from '../helpers/cli.js';

/**
 * The built CLI as the reliability suite drives it: started without
 * waiting (passes race each other, or are killed mid-way), output collected,
 * a hang killed and reported rather than waited on.
 */

/** A finished breakfix process. */
export interface Finished {
  readonly pid: number;
  /** The exit code; -1 when killed by a signal (or by the timeout below). */
  readonly code: number;
  /** The signal that ended it (SIGKILL from a test, or from the hang timeout), or null. */
  readonly signal: NodeJS.Signals | null;
  /** Killed by the hang timeout, not by the test. */
  readonly hung: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedMs: number;
  readonly endedMs: number;
}

/** No command of the suite takes more than a few seconds (a 3,000-host pass, under load, about ten); one that hangs is killed and reported, not waited on forever. */
const HANG_MS = 60_000;

export interface Running {
  readonly pid: number;
  /** To kill it (crash injection). */
  readonly child: ChildProcess;
  /** Settles when it has exited. */
  readonly done: Promise<Finished>;
}

/** Start `breakfix -C dir ...args` without waiting for it. */
export function startBreakfix(dir: string, args: readonly string[], env: Record<string, string>): Running {
  const startedMs = Date.now();
  const child = startCli(dir, args, { env });
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HANG_MS);
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const killed = signal !== null ? `\n[killed by ${signal}${hung ? ` after hanging ${HANG_MS} ms` : ''}]` : '';
      resolve({ pid: child.pid ?? -1, code: code ?? -1, signal, hung, stdout, stderr: stderr + killed, startedMs, endedMs: Date.now() });
    });
  });
  return { pid: child.pid ?? -1, child, done };
}

/** Run one breakfix command to completion. */
export function runBreakfix(dir: string, args: readonly string[], env: Record<string, string>): Promise<Finished> {
  return startBreakfix(dir, args, env).done;
}

/** What no read-only command may ever print: SQLite contention leaking out, or a crash. */
export function crashOrBusy(stderr: string): string | null {
  if (/database is locked|SQLITE_BUSY/i.test(stderr)) return 'database is locked';
  if (/internal error/.test(stderr)) return 'internal error';
  if (/^\s+at .+:\d+:\d+\)?$/m.test(stderr)) return 'stack trace';
  return null;
}
