import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyExampleWorkspace } from '../../../src/demo/workspace.js';
import { seededRng, type Rng } from '../../../src/policy/rng.js';
import type { PassSummary } from '../../../src/pass/summary.js';
import { initCommand, tickCommand } from '../../../src/sim/sim-commands.js';
import type { SimState } from '../../../src/sim/sim-state.js';
import { readActionLog, readState, simPaths } from '../../../src/sim/sim-store.js';
import { tempDir } from '../../helpers/cli.js';
import { entryKey, journalEntries, simRecordsPerEntry } from '../../helpers/sim-journal.js';
import { integrityProblems, passSummary, tempFilesUnder, unparsableJson, viewFileHashes } from './day-files.js';
import { linesOfPass, phaseBegun, phaseDurations, phaseReached, PHASES, type Landed, type Phase } from './kill-point.js';
import { crashOrBusy, runBreakfix, startBreakfix } from '../breakfix-process.js';
import { FileTail, sleep, waitForCommands } from './processes.js';

/**
 * Crash injection on the example fleet: the example workspace against the
 * simulator (as `npm run demo` runs it), with `breakfix pass --execute`
 * killed by SIGKILL at a chosen phase, then run again. Per kill:
 *
 *  - state.db passes `PRAGMA integrity_check`, right after the kill and
 *    after the next pass;
 *  - every exported view file is the old version or the new one, never
 *    partial (the new one: what `export --force` gives from the database the
 *    kill left, in a copy of the workspace); manifest.json and plans parse;
 *  - the next pass reports every action the kill left without an outcome,
 *    and does not run it again;
 *  - no cluster has more hosts drained by breakfix than its budget;
 *  - no stale temporary file is left once the next pass has run.
 *
 * At the end, across all kills: no journal entry's command reached the
 * simulator twice, and every finished entry reached it exactly once.
 */

export interface CrashRunOptions {
  readonly seed: number;
  readonly kills: number;
  readonly hosts: number;
}

export interface CrashTally {
  kills: number;
  finishedBeforeKill: number;
  cleanRecoveries: number;
  landed: Map<Landed, number>;
  unknownsLeft: number;
  unknownsReported: number;
  doubleActions: number;
  overBudget: number;
  partialFiles: number;
  integrityFailures: number;
  staleTempFiles: number;
  /** Everything that went wrong, with the seed and round to replay it. */
  problems: string[];
}

export function emptyTally(): CrashTally {
  return {
    kills: 0,
    finishedBeforeKill: 0,
    cleanRecoveries: 0,
    landed: new Map(),
    unknownsLeft: 0,
    unknownsReported: 0,
    doubleActions: 0,
    overBudget: 0,
    partialFiles: 0,
    integrityFailures: 0,
    staleTempFiles: 0,
    problems: [],
  };
}

interface World {
  readonly ws: string;
  readonly seed: number;
  /** Import lines a pass writes: one per source. */
  sources: number;
  /** How long each phase took in the last complete pass. */
  durations: Record<Phase, number>;
}

const START = Date.parse('2026-11-23T00:00:00Z') / 1000;
/** Passes that finish with these are fine here: 1 is a simulated action failure, 3 an invariant refusing. */
const PASS_CODES = new Set([0, 1, 3]);

const nowOf = (ws: string) => new Date(readState(simPaths(ws)).now * 1000).toISOString();
const dayOf = (iso: string) => iso.slice(0, 10);
const workers = (s: SimState) => s.hosts.filter((h) => h.role === 'hadoop-worker' && h.lifecycle !== 'retired');
const drainedBy = (s: SimState, cluster: string) => workers(s).filter((h) => h.cluster === cluster && h.drainedBySim).length;

/** Run `kills` kill-and-recover rounds on a fresh world of `hosts` hosts; adds to `tally`. */
export async function crashRun(o: CrashRunOptions, tally: CrashTally): Promise<void> {
  const ws = tempDir('bf-crash-');
  const problemsBefore = tally.problems.length;
  try {
    const world = await newWorld(ws, o);
    const rng = seededRng(o.seed);
    let round = 0;
    // A kill aimed at an action command is wasted when the pass plans none: allow some extra rounds.
    for (let attempt = 0; round < o.kills && attempt < o.kills * 3; attempt++) {
      const phase = PHASES[round % PHASES.length]!;
      const killed = await killAndRecover(world, phase, rng, `seed ${o.seed}, round ${round + 1} (aimed at ${phase})`, tally);
      if (killed) round++;
    }
    checkEachEntryRanOnce(world, tally);
  } finally {
    // A failed run's workspace is kept, to look at what the kill left.
    if (tally.problems.length > problemsBefore) tally.problems.push(`seed ${o.seed}: workspace kept at ${ws}`);
    else rmSync(ws, { recursive: true, force: true });
  }
}

async function newWorld(ws: string, o: CrashRunOptions): Promise<World> {
  copyExampleWorkspace(ws);
  const init = initCommand({ dir: ws, seed: o.seed, hosts: o.hosts, start: START, config: { tickSeconds: 3600, faultScale: 2, actionFailProbability: 0.05 }, force: true });
  if (init.exitCode !== 0) throw new Error(init.stderr);
  const now = nowOf(ws);
  const first = await runBreakfix(ws, ['pass', '--execute'], { BREAKFIX_NOW: now });
  if (!PASS_CODES.has(first.code)) throw new Error(`first pass exited ${first.code}:\n${first.stdout}\n${first.stderr}`);
  const world: World = { ws, seed: o.seed, sources: 0, durations: phaseDurations([], 0) };
  learnFromPass(world, dayOf(now));
  return world;
}

/** Count the sources and time the phases of a complete pass (its pid is in its "started" line). */
function learnFromPass(world: World, day: string): void {
  const text = readFileSync(join(world.ws, 'runs', day, 'transcript.log'), 'utf8');
  const last = [...text.matchAll(/pass \d+ started \(pid (\d+),/g)].at(-1);
  if (last === undefined) return;
  const lines = linesOfPass(text, Number(last[1]));
  world.sources = lines.filter((l) => l.topic === 'import' && !/^\S+: (running|exit) /.test(l.text)).length;
  world.durations = phaseDurations(lines, world.sources);
}

/**
 * One round: advance the world an hour, start a pass, kill it in `phase`,
 * check what the kill left, run the next pass, check again. Returns false
 * when the pass finished before the kill (nothing was injected).
 */
async function killAndRecover(world: World, phase: Phase, rng: Rng, where: string, tally: CrashTally): Promise<boolean> {
  const { ws } = world;
  const tick = tickCommand(ws, 1);
  if (tick.exitCode !== 0) throw new Error(tick.stderr);
  const now = nowOf(ws);
  const day = dayOf(now);
  const dayDir = join(ws, 'runs', day);
  const env = { BREAKFIX_NOW: now };
  const oldFiles = viewFileHashes(dayDir);
  const simBefore = readState(simPaths(ws));

  // The pass, and its kill.
  const tail = new FileTail(join(dayDir, 'transcript.log'));
  const pass = startBreakfix(ws, ['pass', '--execute'], env);
  let exited = false;
  void pass.done.then(() => (exited = true));
  while (!exited && !phaseBegun(phase, linesOfPass(tail.read(), pass.pid), world.sources)) await sleep(2);
  if (!exited) await sleep(rng.int(0, Math.max(0, Math.round(world.durations[phase]))));
  if (!exited) pass.child.kill('SIGKILL');
  const ended = await pass.done;
  await waitForCommands(ws);
  if (ended.signal !== 'SIGKILL' || ended.hung) {
    tally.finishedBeforeKill++;
    if (!PASS_CODES.has(ended.code)) tally.problems.push(`${where}: the pass (not killed) exited ${ended.code}:\n${ended.stderr}`);
    return false;
  }
  tally.kills++;
  const killedLines = linesOfPass(tail.read(), pass.pid);
  const landed = phaseReached(killedLines, world.sources);
  tally.landed.set(landed, (tally.landed.get(landed) ?? 0) + 1);
  const at = `${where}, landed in ${landed}`;
  const problems: string[] = [];
  const note = (counter: keyof CrashTally | undefined, msg: string) => {
    if (counter !== undefined) (tally[counter] as number)++;
    problems.push(`${at}: ${msg}`);
  };

  // What the kill left: a consistent database, complete files.
  for (const p of integrityProblems(ws)) note('integrityFailures', `after the kill: ${p}`);
  await checkFilesOldOrNew(ws, dayDir, oldFiles, env, note);
  for (const f of unparsableJson(dayDir)) note('partialFiles', `${f} does not parse after the kill`);
  const killedPass = Number(/^pass (\d+) started/.exec(killedLines[0]?.text ?? '')?.[1] ?? NaN);
  const unfinished = journalEntries(ws).filter((e) => e.day === day && e.pass === killedPass && e.outcome === 'running');
  tally.unknownsLeft += unfinished.length;

  // The next pass: takes over the lock, reports the unknown outcomes, does not run them again, stays in budget.
  const logBefore = readActionLog(simPaths(ws)).length;
  const next = await runBreakfix(ws, ['pass', '--execute'], env);
  if (!PASS_CODES.has(next.code) || crashOrBusy(next.stderr) !== null) note(undefined, `the next pass exited ${next.code}:\n${next.stdout.slice(-2000)}\n${next.stderr}`);
  for (const e of unfinished) {
    if (next.stdout.includes(`  ${e.action} ${e.hostname} since `)) tally.unknownsReported++;
    else note(undefined, `the next pass did not report the unknown outcome of ${e.action} ${e.hostname} (journal #${e.id})`);
  }
  const recoveryPass = Number(/pass (\d+) of \d{4}-\d\d-\d\d/.exec(next.stdout)?.[1] ?? NaN);
  const rerun = readActionLog(simPaths(ws))
    .slice(logBefore)
    .filter((r) => r.invoker?.pass === String(recoveryPass) && unfinished.some((e) => e.action === r.action && e.hostname === r.host));
  for (const r of rerun) note('doubleActions', `the next pass ran ${r.action} ${r.host} again, whose outcome the kill left unknown`);
  checkBudgets(ws, dayDir, recoveryPass, simBefore, note);
  for (const r of readActionLog(simPaths(ws)).slice(logBefore)) if (r.violation !== null) note(undefined, `${r.action} ${r.host}: ${r.violation}`);
  for (const p of integrityProblems(ws)) note('integrityFailures', `after the next pass: ${p}`);
  for (const f of tempFilesUnder(dayDir)) note('staleTempFiles', `${f} left behind after the next pass`);
  if (problems.length === 0) tally.cleanRecoveries++;
  tally.problems.push(...problems);

  // The operator's part: having looked, declare the unknown outcomes resolved so the fleet moves on.
  for (const e of journalEntries(ws).filter((x) => x.day === day && (x.outcome === 'unknown' || x.outcome === 'running'))) {
    const cleared = await runBreakfix(ws, ['clear', e.hostname, '--action', e.action, '--reason', 'crash-injection harness: the simulator says what the command did'], env);
    if (cleared.code !== 0) note(undefined, `clear ${e.hostname} exited ${cleared.code}: ${cleared.stderr}`);
  }
  learnFromPass(world, day);
  return true;
}

/**
 * A changed view file must be exactly what the database the kill left
 * exports: found by exporting every view again in a copy of the workspace.
 */
async function checkFilesOldOrNew(
  ws: string,
  dayDir: string,
  oldFiles: ReadonlyMap<string, string>,
  env: Record<string, string>,
  note: (c: keyof CrashTally, msg: string) => void,
): Promise<void> {
  const now = viewFileHashes(dayDir);
  const changed = [...new Set([...oldFiles.keys(), ...now.keys()])].filter((v) => oldFiles.get(v) !== now.get(v));
  if (changed.length === 0) return;
  const copy = tempDir('bf-crash-copy-');
  try {
    cpSync(ws, copy, { recursive: true });
    const exported = await runBreakfix(copy, ['export', '--force'], env);
    if (exported.code !== 0) {
      note('partialFiles', `export --force in a copy exited ${exported.code}: ${exported.stderr}`);
      return;
    }
    const fresh = viewFileHashes(join(copy, 'runs', dayDir.split('/').pop()!));
    for (const v of changed) {
      if (now.get(v) === undefined) note('partialFiles', `view file ${v} is gone`);
      else if (now.get(v) !== fresh.get(v)) note('partialFiles', `view file ${v} is neither the old version nor what the database exports`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Hosts drained by breakfix per cluster never exceed the cluster's budget (or what was already out before the pass). */
function checkBudgets(ws: string, dayDir: string, pass: number, before: SimState, note: (c: keyof CrashTally, msg: string) => void): void {
  const summary = passSummary(dayDir, pass) as PassSummary | undefined;
  if (summary === undefined) return;
  const after = readState(simPaths(ws));
  const drain = summary.actions.find((a) => a.action === 'drain');
  for (const c of drain?.clusters ?? []) {
    const out = drainedBy(after, c.cluster);
    const limit = Math.max(c.budget, drainedBy(before, c.cluster));
    if (out > limit) note('overBudget', `${c.cluster}: ${out} hosts drained by breakfix, budget ${c.budget} (${c.basis})`);
  }
}

/** Across the run: each journal entry's command reached the simulator at most once, and each finished one exactly once. */
function checkEachEntryRanOnce(world: World, tally: CrashTally): void {
  const count = simRecordsPerEntry(world.ws);
  for (const [key, n] of count) {
    if (n > 1) {
      tally.doubleActions += n - 1;
      tally.problems.push(`seed ${world.seed}: ${key} reached the simulator ${n} times`);
    }
  }
  for (const e of journalEntries(world.ws).filter((x) => x.outcome === 'done' || x.outcome === 'failed')) {
    const n = count.get(entryKey(e.day, e.pass, e.action, e.hostname)) ?? 0;
    if (n !== 1) tally.problems.push(`seed ${world.seed}: journal ${e.day} #${e.id} ${e.action} ${e.hostname} (${e.outcome}, exit ${e.exit_code}${e.note ? `: ${e.note}` : ''}) reached the simulator ${n} times`);
  }
}
