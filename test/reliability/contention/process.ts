import { startCli } from '../../helpers/cli.js';

/** A finished breakfix process. */
export interface Finished {
  readonly pid: number;
  /** The exit code; -1 when killed by a signal (or by the timeout below). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedMs: number;
  readonly endedMs: number;
}

/** No command of this test takes more than a few seconds; one that hangs is killed and reported, not waited on forever. */
const HANG_MS = 60_000;

/** Start `breakfix -C dir ...args` without waiting for it; the promise settles when it has exited. */
export function startBreakfix(dir: string, args: readonly string[], env: Record<string, string>): { pid: number; done: Promise<Finished> } {
  const startedMs = Date.now();
  const child = startCli(dir, args, { env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const killed = signal !== null ? `\n[killed by ${signal}${Date.now() - startedMs >= HANG_MS ? ` after hanging ${HANG_MS} ms` : ''}]` : '';
      resolve({ pid: child.pid ?? -1, code: code ?? -1, stdout, stderr: stderr + killed, startedMs, endedMs: Date.now() });
    });
  });
  return { pid: child.pid ?? -1, done };
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
