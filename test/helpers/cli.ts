import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root and the built CLI that integration tests drive (built by test/global-setup.ts). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The programs as they ship: the bundles scripts/bundle.mjs writes (built by test/global-setup.ts). */
export const CLI = join(ROOT, 'dist', 'bundle', 'breakfix.js');
export const SIM = join(ROOT, 'dist', 'bundle', 'sim.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Extra environment (BREAKFIX_NOW, ...). */
  readonly env?: Record<string, string>;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Run as this uid (only when the tests run as root). */
  readonly uid?: number;
  /** The working directory (default: the test's). */
  readonly cwd?: string;
}

/** Run the real CLI as a separate process, in a workspace: `breakfix -C dir ...args`. */
export function runCli(dir: string, args: readonly string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, '-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    input: opts.input,
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the test process (for concurrency and kill tests). */
export function startCli(dir: string, args: readonly string[], opts: CliOptions = {}) {
  return spawn(process.execPath, [CLI, '-C', dir, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'bf-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A workspace in a temporary directory with the given files (paths relative to it). */
export function makeWorkspace(files: Record<string, string | Buffer>, prefix = 'bf-ws-'): string {
  const dir = tempDir(prefix);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Copy a fixture file or directory from test/fixtures into a workspace. */
export function copyFixture(fixture: string, dir: string, as: string): void {
  const dest = join(dir, as);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', fixture), dest, { recursive: true });
}

/** A preload that shifts a process's wall clock (see skewed-clock.mjs). */
export const SKEWED_CLOCK = join(ROOT, 'test', 'helpers', 'skewed-clock.mjs');

/** Environment for a breakfix process whose wall clock is `ms` milliseconds off (ahead when positive). */
export function skewedClockEnv(ms: number): Record<string, string> {
  return { NODE_OPTIONS: `--import ${SKEWED_CLOCK}`, BREAKFIX_TEST_CLOCK_SKEW_MS: String(ms) };
}
