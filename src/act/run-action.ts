import { join } from 'node:path';
import type { ActionConfig } from '../config/schema.js';
import type { Transcript } from '../pass/transcript.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ensureRealDir } from '../util/safe-fs.js';
import { describeFailure, formatArgv, runCommand, type CommandResult } from '../util/run-command.js';
import type { Journal } from './journal.js';

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
 * before its command starts and after it ends.
 */
export async function runAction(input: RunActionInput): Promise<HostOutcome[]> {
  const { action, hosts } = input;
  if (hosts.length === 0) return [];
  const env = {
    ...process.env,
    BREAKFIX_ACTION: action.name,
    BREAKFIX_DAY: input.day,
    BREAKFIX_PASS: input.pass === null ? '' : String(input.pass),
    BREAKFIX_WORKSPACE: input.workspaceDir,
  };
  return usesPerHost(action) ? runPerHost(input, env) : runWithHostsFile(input, env);
}

async function runWithHostsFile(input: RunActionInput, env: NodeJS.ProcessEnv): Promise<HostOutcome[]> {
  const { action, hosts, journal } = input;
  if (input.shouldStop()) return hosts.map((h) => skipped(h, 'stopped before the command started'));
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
      if (input.shouldStop()) {
        outcomes[i] = skipped(h, 'stopped before the command started');
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
  const result = await runCommand(argv, { cwd: input.workspaceDir, env, timeoutSeconds: input.action.timeout, onOutput: copied.write });
  copied.end();
  input.transcript.write(step, `exit ${result.exitCode ?? result.signal ?? result.spawnError} after ${result.durationMs}ms: ${formatArgv(argv)}`);
  return result;
}

function classify(result: CommandResult, timeout: number): { outcome: 'done' | 'failed' | 'timeout'; note: string | null } {
  const failure = describeFailure(result, timeout);
  if (failure === null) return { outcome: 'done', note: null };
  return { outcome: result.timedOut ? 'timeout' : 'failed', note: failure };
}

function skipped(h: HostToAct, note: string): HostOutcome {
  return { hostname: h.hostname, cluster: h.cluster, outcome: 'skipped', exitCode: null, durationMs: 0, journalId: null, note };
}
