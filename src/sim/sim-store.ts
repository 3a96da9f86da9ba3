import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionRecord } from './actions.js';
import { SimError } from './sim-error.js';
import type { SimState } from './sim-state.js';

/**
 * The simulator's files in a workspace, and the only module that touches
 * them:
 *
 *     <ws>/sim/state.json     the world (written atomically: temp + rename)
 *     <ws>/sim/actions.jsonl  one line per host per action invocation, appended
 *     <ws>/sim/.lock          held while a command changes the state
 *     <ws>/inputs/*           the rendered inputs (each written atomically)
 *
 * breakfix may run action commands concurrently (`concurrency:` with
 * `{host}`), so every read-modify-write of the state holds the lock.
 */
export interface SimPaths {
  readonly workspace: string;
  readonly simDir: string;
  readonly stateFile: string;
  readonly actionLog: string;
  readonly lockFile: string;
  readonly inputsDir: string;
}

export function simPaths(workspace: string): SimPaths {
  const simDir = join(workspace, 'sim');
  return {
    workspace,
    simDir,
    stateFile: join(simDir, 'state.json'),
    actionLog: join(simDir, 'actions.jsonl'),
    lockFile: join(simDir, '.lock'),
    inputsDir: join(workspace, 'inputs'),
  };
}

export function stateExists(p: SimPaths): boolean {
  return existsSync(p.stateFile);
}

export function readState(p: SimPaths): SimState {
  return parseState(p, readStateText(p));
}

/** The state without its hosts: what `now` needs. */
export type SimStateHead = Omit<SimState, 'hosts'>;

/**
 * The state's top-level fields without the hosts, parsed from the text before
 * them: the state keeps `hosts` last (fleet.ts builds it so), and the hosts
 * are nearly all of the parsing. Cutting the text at `,"hosts":[` and closing
 * the object parses only when the cut is at the top level (deeper, brackets
 * stay open), so any other layout falls back to parsing the whole file. The
 * hosts are not checked: a file damaged after the head still gives its clock.
 */
export function readStateHead(p: SimPaths): SimStateHead {
  const text = readStateText(p);
  const cut = text.indexOf(HOSTS_KEY);
  if (cut !== -1) {
    try {
      const head = JSON.parse(`${text.slice(0, cut)}}`) as unknown;
      if (isSimState(head)) return head;
    } catch {
      // Not the layout the sim writes: parse it whole.
    }
  }
  return parseState(p, text);
}

const HOSTS_KEY = ',"hosts":[';

function readStateText(p: SimPaths): string {
  try {
    return readFileSync(p.stateFile, 'utf8');
  } catch {
    throw new SimError(`${p.stateFile}: no sim state here; run "sim init --dir ${p.workspace}" first`);
  }
}

function parseState(p: SimPaths, text: string): SimState {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (err) {
    throw new SimError(`${p.stateFile}: not valid JSON (${(err as Error).message}); re-create it with "sim init --force"`);
  }
  if (!isSimState(state)) throw new SimError(`${p.stateFile}: not a breakfix-sim/1 state file`);
  return state as SimState;
}

function isSimState(value: unknown): value is SimStateHead {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'breakfix-sim/1';
}

/** Write-then-rename, so a reader (or a crash) never sees half a file. */
export function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

export function writeState(p: SimPaths, state: SimState): void {
  mkdirSync(p.simDir, { recursive: true });
  writeAtomic(p.stateFile, `${JSON.stringify(state)}\n`);
}

/**
 * Write the rendered inputs, dated at the sim clock (`now`, epoch s): a
 * replayed run is then as fresh or as stale, for breakfix's inputs-fresh
 * invariant, as the sim clock says, whatever the wall clock reads.
 */
export function writeInputs(p: SimPaths, files: ReadonlyMap<string, string>, now: number): void {
  mkdirSync(p.inputsDir, { recursive: true });
  for (const [name, content] of files) {
    const file = join(p.inputsDir, name);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, content);
    utimesSync(tmp, now, now);
    renameSync(tmp, file);
  }
}

export function appendActionLog(p: SimPaths, records: readonly ActionRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(p.simDir, { recursive: true });
  appendFileSync(p.actionLog, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export function readActionLog(p: SimPaths): ActionRecord[] {
  if (!existsSync(p.actionLog)) return [];
  return readFileSync(p.actionLog, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ActionRecord);
}

/** How long a command waits for another sim command to finish. */
const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 10;

/**
 * Run `fn` holding `<ws>/sim/.lock` (created with O_EXCL, holding our pid).
 * Waits for another holder; takes over a lock whose process is gone.
 */
export function withLock<T>(p: SimPaths, fn: () => T): T {
  mkdirSync(p.simDir, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      const fd = openSync(p.lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (holderIsGone(p.lockFile)) {
        rmSync(p.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SimError(`${p.lockFile}: another sim command has held the lock for ${LOCK_WAIT_MS / 1000}s; remove the file if no sim command is running`);
      Atomics.wait(sleeper, 0, 0, LOCK_POLL_MS);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(p.lockFile, { force: true });
  }
}

function holderIsGone(lockFile: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').trim());
  } catch {
    return false; // removed meanwhile, or being written: retry
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
