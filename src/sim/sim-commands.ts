import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { affectedInputs, snapshotForInputs, type InputsSnapshot } from './affected-inputs.js';
import { applyActionInPlace, namedHosts, type ActionName, type Invoker } from './actions.js';
import { createFleet, healthyNameNode } from './fleet.js';
import { parseHostsFile } from './hosts-file.js';
import { isoTime } from './iso-time.js';
import { hdfsReportFile, inputFileNames, renderInputs } from './render-inputs.js';
import { applyConfigPatch, DEFAULT_SIM_CONFIG, type SimConfigPatch } from './sim-config.js';
import { SimError } from './sim-error.js';
import type { SimState } from './sim-state.js';
import { appendActionLog, readState, readStateHead, simPaths, stateExists, withLock, writeInputs, writeState, type SimPaths } from './sim-store.js';
import { formatStatus, simStatus } from './status.js';
import { tickInPlace } from './tick.js';

/**
 * The sim's commands: each reads the state, calls the pure core (fleet, tick,
 * actions, renderers), writes the results and returns what to print. The CLI
 * only parses arguments and prints these.
 */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const ok = (stdout = '', stderr = ''): CommandOutput => ({ stdout, stderr, exitCode: 0 });

export interface InitOptions {
  readonly dir: string;
  readonly seed: number;
  readonly hosts: number;
  readonly start: number;
  readonly config: SimConfigPatch;
  readonly force: boolean;
}

export function initCommand(o: InitOptions): CommandOutput {
  const p = simPaths(o.dir);
  return withLock(p, () => {
    if (stateExists(p) && !o.force) throw new SimError(`${p.stateFile} already exists: pass --force to start a new world (the action log is reset too)`);
    const config = applyConfigPatch(DEFAULT_SIM_CONFIG, o.config);
    const state = createFleet({ seed: o.seed, hosts: o.hosts, start: o.start, config });
    rmSync(p.actionLog, { force: true });
    writeState(p, state);
    const files = renderInputs(state);
    writeInputs(p, files, state.now);
    return ok(`initialised ${state.hosts.length} hosts, seed ${state.seed}, now ${isoTime(state.now)}; wrote ${files.size} files to ${p.inputsDir}\n`);
  });
}

export function tickCommand(dir: string, n: number): CommandOutput {
  const p = simPaths(dir);
  return withLock(p, () => {
    // The state just read is ours alone: advance it without the copy the pure tick makes.
    const state = tickInPlace(readState(p), n);
    writeState(p, state);
    writeInputs(p, renderInputs(state), state.now);
    return ok(`tick ${state.tick}, now ${isoTime(state.now)}\n`);
  });
}

export function renderCommand(dir: string): CommandOutput {
  const p = simPaths(dir);
  return withLock(p, () => {
    const state = readState(p);
    const files = renderInputs(state);
    writeInputs(p, files, state.now);
    return ok(`wrote ${files.size} files to ${p.inputsDir}\n`);
  });
}

export interface ActOptions {
  readonly dir: string;
  readonly action: ActionName;
  readonly host?: string;
  readonly hostsFile?: string;
  readonly invoker: Invoker | null;
}

export function actCommand(o: ActOptions): CommandOutput {
  const hosts = hostsOf(o);
  const p = simPaths(o.dir);
  return withLock(p, () => {
    const state = readState(p);
    const before = snapshotForInputs(state, namedHosts(state, hosts));
    const result = applyActionInPlace(state, o.action, hosts, o.invoker);
    appendActionLog(p, result.records);
    writeState(p, result.state);
    if (result.exitCode === 0) writeInputs(p, renderInputs(result.state, inputsToRender(p, result.state, before)), result.state.now);
    const counts = new Map<string, number>();
    for (const r of result.records) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
    const summary = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
    const violations = result.records.filter((r) => r.violation !== null).map((r) => `sim ${o.action}: VIOLATION ${r.host}: ${r.violation}\n`);
    const stderr = [...result.messages.map((m) => `${m}\n`), ...violations].join('');
    const stdout = result.exitCode === 0 ? `${o.action} #${result.state.actionSeq}: ${summary || 'no hosts'}\n` : '';
    return { stdout, stderr, exitCode: result.exitCode };
  });
}

/**
 * The files an action must re-render: those it can have changed, provided
 * the others are there as the last command wrote them (the state is written
 * first, so after a crash between the two a file may lag until the next tick);
 * every file if any is missing.
 */
function inputsToRender(p: SimPaths, state: SimState, before: InputsSnapshot): Set<string> | undefined {
  const all = inputFileNames(state);
  if (!all.every((name) => existsSync(join(p.inputsDir, name)))) return undefined;
  return affectedInputs(state, before);
}

function hostsOf(o: ActOptions): string[] {
  if ((o.host === undefined) === (o.hostsFile === undefined)) throw new SimError(`${o.action}: give exactly one of --host NAME or --hosts-file FILE`, 2);
  if (o.host !== undefined) return [o.host];
  let text: string;
  try {
    text = readFileSync(o.hostsFile!, 'utf8');
  } catch (err) {
    throw new SimError(`${o.hostsFile}: cannot read the hosts file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseHostsFile(text);
}

export interface NameNodeOptions {
  readonly dir: string;
  readonly cluster: string;
  readonly missingBlocks?: number | undefined;
  readonly corruptBlocks?: number | undefined;
  readonly safeMode?: boolean | undefined;
  /** The incident clears by itself after this many ticks; 0 or absent: it stays until set back. */
  readonly ticks?: number | undefined;
}

/**
 * `sim namenode`: what a cluster's NameNode reports beyond its DataNodes —
 * missing blocks, blocks with corrupt replicas, safe mode — as an incident
 * that stays until set back or clears after some ticks. Only that cluster's
 * HDFS report is re-rendered.
 */
export function namenodeCommand(o: NameNodeOptions): CommandOutput {
  const p = simPaths(o.dir);
  return withLock(p, () => {
    const state = readState(p);
    if (!state.clusters.some((c) => c.name === o.cluster)) {
      throw new SimError(`namenode: unknown cluster "${o.cluster}"; the clusters are ${state.clusters.map((c) => c.name).join(', ')}`);
    }
    state.namenodes ??= state.clusters.map((c) => healthyNameNode(c.name));
    let nn = state.namenodes.find((n) => n.cluster === o.cluster);
    if (nn === undefined) state.namenodes.push((nn = healthyNameNode(o.cluster)));
    if (o.missingBlocks !== undefined) nn.missingBlocks = o.missingBlocks;
    if (o.corruptBlocks !== undefined) nn.corruptBlocks = o.corruptBlocks;
    if (o.safeMode !== undefined) nn.safeMode = o.safeMode;
    nn.clearsIn = o.ticks ?? 0;
    writeState(p, state);
    writeInputs(p, renderInputs(state, new Set([hdfsReportFile(o.cluster)])), state.now);
    const clears = nn.clearsIn > 0 ? `, clears in ${nn.clearsIn} tick${nn.clearsIn === 1 ? '' : 's'}` : '';
    return ok(`${o.cluster}: ${nn.missingBlocks} missing blocks, ${nn.corruptBlocks} with corrupt replicas, safe mode ${nn.safeMode ? 'on' : 'off'}${clears}\n`);
  });
}

export function statusCommand(dir: string, json: boolean): CommandOutput {
  const st = simStatus(readState(simPaths(dir)));
  return ok(json ? `${JSON.stringify(st, null, 2)}\n` : formatStatus(st));
}

export function nowCommand(dir: string): CommandOutput {
  // Only the clock: the head of the state is enough (breakfix asks before every pass).
  return ok(`${isoTime(readStateHead(simPaths(dir)).now)}\n`);
}

export function configureCommand(dir: string, patch: SimConfigPatch): CommandOutput {
  const p = simPaths(dir);
  return withLock(p, () => {
    const state = readState(p);
    const config = applyConfigPatch(state.config, patch);
    writeState(p, { ...state, config });
    return ok(`${JSON.stringify(config)}\n`);
  });
}
