import type { PauseState } from '../act/pause.js';
import { readPlan, planFile } from '../act/plan-files.js';
import { runAction, substitute, usesPerHost, type HostOutcome } from '../act/run-action.js';
import type { ActionConfig } from '../config/schema.js';
import type { OutHost } from '../policy/plan-action.js';
import { recheckPlan } from '../policy/recheck.js';
import { formatArgv } from '../util/run-command.js';
import type { Transcript } from './transcript.js';
import { gatherAction, globalInvariantFailures, type PlanContext } from './plan-step.js';

export interface ActContext extends PlanContext {
  readonly day: string;
  readonly workspaceDir: string;
  readonly planDir: string;
  readonly execute: boolean;
  readonly paused: PauseState | undefined;
  readonly transcript: Transcript;
  readonly clock: () => Date;
  readonly shouldStop: () => boolean;
}

export interface ActedAction {
  readonly action: ActionConfig;
  readonly planExists: boolean;
  readonly accepted: readonly { hostname: string; cluster: string; group: string | null }[];
  readonly rejected: readonly { hostname: string; reason: string }[];
  readonly acted: 'executed' | 'dry-run' | 'paused' | 'not-reached';
  readonly commands: readonly string[];
  readonly outcomes: readonly HostOutcome[];
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
      results.push({ action, planExists: false, accepted: [], rejected: [], acted: 'not-reached', commands: [], outcomes: [] });
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
    for (const h of hosts) acceptedEarlier.push({ hostname: h.hostname, cluster: h.cluster, group: h.group, why: 'planned', detail: `planned by ${action.name} this pass` });
    for (const r of rejected) ctx.transcript.write(`act ${action.name}`, `not acting on ${r.hostname}: ${r.reason}`);
    if (!onDisk.exists) ctx.transcript.write(`act ${action.name}`, `${planFile(ctx.planDir, action.name)} is missing: nothing to do`);

    const commands = describeCommands(action, hosts.map((h) => h.hostname), ctx.planDir);
    if (hosts.length === 0) {
      results.push({ action, planExists: onDisk.exists, accepted: hosts, rejected, acted: ctx.execute && !ctx.paused ? 'executed' : ctx.paused ? 'paused' : 'dry-run', commands: [], outcomes: [] });
      continue;
    }
    if (ctx.paused) {
      ctx.transcript.write(`act ${action.name}`, `paused by ${ctx.paused.by}: ${ctx.paused.reason}; not running: ${commands.join(' ; ')}`);
      results.push({ action, planExists: true, accepted: hosts, rejected, acted: 'paused', commands, outcomes: [] });
      continue;
    }
    if (!ctx.execute) {
      ctx.transcript.write(`act ${action.name}`, `dry run; would run: ${commands.join(' ; ')}`);
      results.push({ action, planExists: true, accepted: hosts, rejected, acted: 'dry-run', commands, outcomes: [] });
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
    });
    results.push({ action, planExists: true, accepted: hosts, rejected, acted: 'executed', commands, outcomes });
  }
  return results;
}

/** The command lines an action runs (or would run) for these hosts, for summaries and dry runs. */
export function describeCommands(action: ActionConfig, hostnames: readonly string[], planDir: string): string[] {
  if (hostnames.length === 0) return [];
  if (usesPerHost(action)) return hostnames.map((h) => formatArgv(substitute(action.run, { host: h })));
  return [formatArgv(substitute(action.run, { hosts_file: `${planDir}/${action.name}.hosts` })) + `  (${hostnames.length} hosts)`];
}
