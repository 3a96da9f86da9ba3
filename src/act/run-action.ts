import { join } from 'node:path';
import type { ActionConfig } from '../config/schema.js';
import type { Transcript } from '../util/transcript.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { commandEnv } from '../util/command-env.js';
import { describeEnd, describeFailure, formatArgv, runCommand, successNote, type CommandResult } from '../util/run-command.js';
import { ensureRealDir } from '../util/safe-fs.js';
import type { Journal } from './journal.js';
import { describePause, type PauseState } from './pause.js';

export interface HostToAct {
  readonly hostname: string;
  readonly cluster: string;
  readonly group: string | null;
}

export type HostOutcomeKind = 'done' | 'failed' | 'timeout' | 'skipped';

/** What happened to one planned host: the batch reports every host, never throws for one. */
export interface HostOutcome {
  readonly hostname: string;
  readonly cluster: string;
  readonly outcome: HostOutcomeKind;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly journalId: number | null;
  readonly note: string | null;
  /** Skipped because acting was paused while the action ran: that pause. */
  readonly pause?: PauseState;
}

export interface RunActionInput {
  readonly action: ActionConfig;
  readonly hosts: readonly HostToAct[];
  readonly pass: number | null;
  readonly day: string;
  readonly workspaceDir: string;
  readonly planDir: string;
  readonly journal: Journal;
  readonly transcript: Transcript;
  readonly clock: () => Date;
  /** Checked before each command starts: after SIGINT/SIGTERM no new command starts. */
  readonly shouldStop: () => boolean;
  /** Read before each command starts (runs/pause.json): a pause stops every command not yet started. */
  readonly pausedNow: () => PauseState | undefined;
  /** Environment variables passed through to the command (the config's `env:` and the action's), beyond the fixed few. */
  readonly passEnv: readonly string[];
}

/** argv with `{host}` / `{hosts_file}` substituted: each element stays exactly one argument. */
export function substitute(argv: readonly string[], values: { host?: string; hosts_file?: string }): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(host|hosts_file)\}/g, (whole, key: 'host' | 'hosts_file') => values[key] ?? whole),
  );
}

export function usesPerHost(action: ActionConfig): boolean {
  return action.run.some((a) => a.includes('{host}'));
}

/**
 * Run an action's command for its hosts, without a shell. `{hosts_file}`:
 * one command for the whole plan, given a file of its hosts. `{host}`: one
 * command per host, at most `concurrency` at a time. Every host is journaled
 * before its command starts and after it ends. Right before each command,
 * a stop (SIGINT/SIGTERM) or a pause skips it: nothing is journaled for it.
 *
 * The command's environment is an allow-list (src/util/command-env.ts), with
 * BREAKFIX_ACTION, BREAKFIX_DAY, BREAKFIX_PASS and BREAKFIX_WORKSPACE.
 */
export async function runAction(input: RunActionInput): Promise<HostOutcome[]> {
  const { action, hosts } = input;
  if (hosts.length === 0) return [];
  const env = commandEnv(process.env, input.passEnv, {
    BREAKFIX_ACTION: action.name,
    BREAKFIX_DAY: input.day,
    BREAKFIX_PASS: input.pass === null ? '' : String(input.pass),
    BREAKFIX_WORKSPACE: input.workspaceDir,
  });
  return usesPerHost(action) ? runPerHost(input, env) : runWithHostsFile(input, env);
}

/** Why the next command must not start, as the outcome of the hosts it would have run for; undefined: go ahead. */
function holdBack(input: RunActionInput, h: HostToAct): HostOutcome | undefined {
  if (input.shouldStop()) return skipped(h, 'stopped before the command started');
  const paused = input.pausedNow();
  if (paused !== undefined) return { ...skipped(h, describePause(paused)), pause: paused };
  return undefined;
}

async function runWithHostsFile(input: RunActionInput, env: NodeJS.ProcessEnv): Promise<HostOutcome[]> {
  const { action, hosts, journal } = input;
  const held = holdBack(input, hosts[0]!);
  if (held !== undefined) {
    input.transcript.write(`act ${action.name}`, `${held.note}; ${hosts.length} host${hosts.length === 1 ? '' : 's'} skipped`);
    return hosts.map((h) => ({ ...held, hostname: h.hostname, cluster: h.cluster }));
  }
  ensureRealDir(input.planDir);
  const hostsFile = join(input.planDir, `${action.name}.hosts`);
  // Read by the command this process starts and waits for: no fsync.
  writeFileAtomic(hostsFile, hosts.map((h) => h.hostname).join('\n') + '\n', { fsync: false });
  const argv = substitute(action.run, { hosts_file: hostsFile });
  const now = input.clock().getTime();
  const ids = hosts.map((h) =>
    journal.start({ pass: input.pass, action: action.name, hostname: h.hostname, cluster: h.cluster, group: h.group, command: argv, now }),
  );
  const result = await runLogged(input, argv, env, `${hosts.length} hosts in ${hostsFile}`);
  const { outcome, note } = classify(result, action.timeout);
  return hosts.map((h, i) => {
    journal.finish(ids[i]!, outcome, result.exitCode, input.clock().getTime(), note);
    return { hostname: h.hostname, cluster: h.cluster, outcome, exitCode: result.exitCode, durationMs: result.durationMs, journalId: ids[i]!, note };
  });
}

async function runPerHost(input: RunActionInput, env: NodeJS.ProcessEnv): Promise<HostOutcome[]> {
  const { action, hosts, journal } = input;
  const outcomes: HostOutcome[] = new Array(hosts.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= hosts.length) return;
      const h = hosts[i]!;
      const held = holdBack(input, h);
      if (held !== undefined) {
        input.transcript.write(`act ${action.name}`, `${h.hostname}: ${held.note}`);
        outcomes[i] = held;
        continue;
      }
      const argv = substitute(action.run, { host: h.hostname });
      const id = journal.start({ pass: input.pass, action: action.name, hostname: h.hostname, cluster: h.cluster, group: h.group, command: argv, now: input.clock().getTime() });
      const result = await runLogged(input, argv, env, h.hostname);
      const { outcome, note } = classify(result, action.timeout);
      journal.finish(id, outcome, result.exitCode, input.clock().getTime(), note);
      outcomes[i] = { hostname: h.hostname, cluster: h.cluster, outcome, exitCode: result.exitCode, durationMs: result.durationMs, journalId: id, note };
    }
  };
  await Promise.all(Array.from({ length: Math.min(action.concurrency, hosts.length) }, worker));
  return outcomes;
}

async function runLogged(input: RunActionInput, argv: string[], env: NodeJS.ProcessEnv, what: string): Promise<CommandResult> {
  const step = `act ${input.action.name}`;
  input.transcript.write(step, `run ${formatArgv(argv)}  (${what})`);
  const copied = input.transcript.commandOutput();
  const result = await runCommand(argv, {
    cwd: input.workspaceDir,
    env,
    timeoutSeconds: input.action.timeout,
    onOutput: copied.write,
  });
  copied.end();
  input.transcript.write(step, describeEnd(result, input.action.timeout));
  return result;
}

/** The journal's outcome and note: what actually happened, not what was hoped (a timeout says what it took to stop it). */
function classify(result: CommandResult, timeout: number): { outcome: 'done' | 'failed' | 'timeout'; note: string | null } {
  const failure = describeFailure(result, timeout);
  if (failure === null) return { outcome: 'done', note: successNote(result) };
  return { outcome: result.timedOut ? 'timeout' : 'failed', note: failure };
}

function skipped(h: HostToAct, note: string): HostOutcome {
  return { hostname: h.hostname, cluster: h.cluster, outcome: 'skipped', exitCode: null, durationMs: 0, journalId: null, note };
}
