import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../helpers/cli.js';

/** GNU time: how peak memory (max RSS) of a child is measured. */
const GNU_TIME = '/usr/bin/time';

export interface MeasuredRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the run. */
  readonly ms: number;
  /** Peak resident set size of the breakfix process in KiB, or undefined when /usr/bin/time is missing. */
  readonly peakRssKib: number | undefined;
  /** Killed because it ran past the time limit. */
  readonly timedOut: boolean;
}

export interface MeasuredOptions {
  readonly env?: Record<string, string>;
  readonly timeoutMs: number;
}

/**
 * Run the built CLI (`breakfix -C dir ...args`) under /usr/bin/time, so the
 * peak RSS of the breakfix process is known, with a hard time limit
 * (SIGKILL). Asynchronous, so several runs may overlap.
 */
export function runMeasured(dir: string, args: readonly string[], opts: MeasuredOptions): Promise<MeasuredRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'bf-time-'));
  const rssFile = join(scratch, 'rss');
  const haveTime = existsSync(GNU_TIME);
  const argv = [process.execPath, CLI, '-C', dir, ...args];
  const [cmd, ...rest] = haveTime ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const started = performance.now();
  return new Promise((resolve) => {
    // detached: the child leads its own process group, so the timeout kills whatever it started too.
    const child = spawn(cmd!, rest, { env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, opts.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      let peakRssKib: number | undefined;
      if (haveTime && existsSync(rssFile)) {
        // GNU time prints "Command exited with non-zero status N" before the figure: take the last line.
        const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
        if (/^\d+$/.test(last)) peakRssKib = Number(last);
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({ code: code ?? -1, stdout, stderr, ms: Math.round(performance.now() - started), peakRssKib, timedOut });
    });
  });
}

/** The same, blocking (for setup steps). */
export function runCliSync(dir: string, args: readonly string[], env: Record<string, string> = {}, timeoutMs = 120_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
