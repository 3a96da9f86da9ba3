import { describePause, type PauseState } from '../act/pause.js';
import { readPlan, planFile } from '../act/plan-files.js';
import { runAction, substitute, usesPerHost, type HostOutcome } from '../act/run-action.js';
import type { ActionConfig } from '../config/schema.js';
import type { OutHost } from '../policy/plan-action.js';
import { recheckPlan } from '../policy/recheck.js';
import { formatArgv } from '../util/run-command.js';
import type { Transcript } from '../util/transcript.js';
import { gatherAction, globalInvariantFailures, type PlanContext } from './plan-step.js';

export interface ActContext extends PlanContext {
  readonly day: string;
  readonly workspaceDir: string;
  readonly planDir: string;
  readonly execute: boolean;
  /** The pause in force when the pass (or `act`) started. */
  readonly paused: PauseState | undefined;
  /** runs/pause.json as it is now: read again before each action and each command, so a pause stops what has not started. */
  readonly readPause: () => PauseState | undefined;
  readonly transcript: Transcript;
  readonly clock: () => Date;
  readonly shouldStop: () => boolean;
}

export interface ActedAction {
  readonly action: ActionConfig;
  readonly planExists: boolean;
  readonly accepted: readonly { hostname: string; cluster: string; group: string | null }[];
  readonly rejected: readonly { hostname: string; reason: string }[];
  /** Global refusals of this action (invariants, unreadable history): nothing of its plan was acted on. */
  readonly refused: readonly string[];
  readonly acted: 'executed' | 'dry-run' | 'paused' | 'not-reached';
  readonly commands: readonly string[];
  readonly outcomes: readonly HostOutcome[];
  /** A pause issued while this run was acting, that kept this action's commands (or some of them) from running. */
  readonly pausedDuring?: PauseState;
}

/**
 * Act on the plans on disk, in config order. Each plan file is re-read and
 * re-checked against fresh data (budget, group rule, deny views, invariants):
 * a deleted plan acts on nothing, an edited one is never trusted beyond those
 * rules. Hosts accepted for an earlier action count as out for later ones.
 */
export async function actOnPlans(ctx: ActContext, only: readonly string[]): Promise<ActedAction[]> {
  const actions = ctx.config.actions.filter((a) => only.length === 0 || only.includes(a.name));
  const globalFailures = globalInvariantFailures(ctx);
  const acceptedEarlier: OutHost[] = [];
  const results: ActedAction[] = [];
  for (const action of actions) {
    if (ctx.shouldStop()) {
      results.push({ action, planExists: false, accepted: [], rejected: [], refused: [], acted: 'not-reached', commands: [], outcomes: [] });
      continue;
    }
    const onDisk = readPlan(ctx.planDir, action.name, ctx.config.hosts);
    const gathered = gatherAction(ctx, action, globalFailures, [...onDisk.rows.map((r) => r.hostname), ...acceptedEarlier.map((h) => h.hostname)]);
    const input = { ...gathered.input, out: [...gathered.input.out, ...acceptedEarlier] };
    const { accepted, rejected } = recheckPlan(
      input,
      onDisk.rows.map((r) => ({ hostname: r.hostname, cluster: r.cluster })),
    );
    const hosts = accepted.map((h) => ({ hostname: h.hostname, cluster: h.cluster ?? '', group: h.group }));
    const refused = input.globalFailures;
    for (const h of hosts) acceptedEarlier.push({ hostname: h.hostname, cluster: h.cluster, group: h.group, why: 'planned', detail: `planned by ${action.name} this pass` });
    for (const r of rejected) ctx.transcript.write(`act ${action.name}`, `not acting on ${r.hostname}: ${r.reason}`);
    if (!onDisk.exists) ctx.transcript.write(`act ${action.name}`, `${planFile(ctx.planDir, action.name)} is missing: nothing to do`);

    const commands = describeCommands(action, hosts.map((h) => h.hostname), ctx.planDir);
    // A pause issued since the run started counts from the next action on (and, below, from the next command on).
    const pausedNow = ctx.execute ? (ctx.paused ?? ctx.readPause()) : ctx.paused;
    if (hosts.length === 0) {
      results.push({ action, planExists: onDisk.exists, accepted: hosts, rejected, refused, acted: ctx.execute && !pausedNow ? 'executed' : pausedNow ? 'paused' : 'dry-run', commands: [], outcomes: [] });
      continue;
    }
    if (pausedNow) {
      ctx.transcript.write(`act ${action.name}`, `${describePause(pausedNow)}; not running: ${commands.join(' ; ')}`);
      const during = ctx.paused === undefined ? { pausedDuring: pausedNow, outcomes: hosts.map((h) => pauseSkipped(h, pausedNow)) } : { outcomes: [] };
      results.push({ action, planExists: true, accepted: hosts, rejected, refused, acted: 'paused', commands, ...during });
      continue;
    }
    if (!ctx.execute) {
      ctx.transcript.write(`act ${action.name}`, `dry run; would run: ${commands.join(' ; ')}`);
      results.push({ action, planExists: true, accepted: hosts, rejected, refused, acted: 'dry-run', commands, outcomes: [] });
      continue;
    }
    const outcomes = await runAction({
      action,
      hosts,
      pass: ctx.pass,
      day: ctx.day,
      workspaceDir: ctx.workspaceDir,
      planDir: ctx.planDir,
      journal: ctx.journal,
      transcript: ctx.transcript,
      clock: ctx.clock,
      shouldStop: ctx.shouldStop,
      pausedNow: ctx.readPause,
      passEnv: [...ctx.config.env, ...action.env],
    });
    const pausedDuring = outcomes.find((o) => o.pause !== undefined)?.pause;
    const ranHosts = outcomes.filter((o) => o.journalId !== null).map((o) => o.hostname);
    // The commands that ran; those a pause or a stop kept from starting are in the outcomes as skipped.
    const ran = describeCommands(action, ranHosts, ctx.planDir);
    results.push({
      action,
      planExists: true,
      accepted: hosts,
      rejected,
      refused,
      // Nothing started: a pause stopped it, or a signal did before its first command.
      acted: ranHosts.length > 0 ? 'executed' : pausedDuring !== undefined ? 'paused' : 'not-reached',
      commands: ranHosts.length > 0 ? ran : commands,
      outcomes,
      ...(pausedDuring ? { pausedDuring } : {}),
    });
  }
  return results;
}

/** A host not run because acting was paused during the run. */
function pauseSkipped(h: { hostname: string; cluster: string }, p: PauseState): HostOutcome {
  return { hostname: h.hostname, cluster: h.cluster, outcome: 'skipped', exitCode: null, durationMs: 0, journalId: null, note: describePause(p), pause: p };
}

/** The command lines an action runs (or would run) for these hosts, for summaries and dry runs. */
export function describeCommands(action: ActionConfig, hostnames: readonly string[], planDir: string): string[] {
  if (hostnames.length === 0) return [];
  if (usesPerHost(action)) return hostnames.map((h) => formatArgv(substitute(action.run, { host: h })));
  return [formatArgv(substitute(action.run, { hosts_file: `${planDir}/${action.name}.hosts` })) + `  (${hostnames.length} hosts)`];
}
