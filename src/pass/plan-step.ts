import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { ActionConfig, InvariantName } from '../config/schema.js';
import type { Journal } from '../act/journal.js';
import { writePlan, type PlanRow } from '../act/plan-files.js';
import { checkInputsFresh } from '../invariants/inputs-fresh.js';
import { checkInputsNotShrunk } from '../invariants/inputs-not-shrunk.js';
import { HOST_INVARIANTS } from '../invariants/host-state.js';
import { planPass } from '../policy/plan-pass.js';
import type { ActionPlan, CandidateHost, ClusterPlan, OutHost, PlanInput } from '../policy/plan-action.js';
import type { ExportedViewFile } from '../export/read-view-file.js';
import type { JournalEntry } from '../act/journal.js';
import { sortedBytewise } from '../util/bytewise.js';
import {
  populationOf,
  readCandidates,
  readClassify,
  readDenied,
  readHdfsClusterFacts,
  readHostFacts,
  readInProgress,
  readNodeCosts,
  readPopulationSizes,
  unreadableRefusal,
} from './gather.js';
import { describeInvalid, planHost, type InvalidRow, type RowRefusal } from './plan-hosts.js';

/** Everything planning needs that is not in the views: the clock, the pass, history. */
export interface PlanContext {
  readonly db: Database;
  readonly config: Config;
  readonly journal: Journal;
  readonly pass: number | null;
  readonly seed: number;
  readonly nowSeconds: number;
  /** Rows of each source at the previous pass (inputs-not-shrunk); undefined when there is none. */
  readonly previousSourceRows: Map<string, number> | undefined;
  /** Earlier days' state that could not be read and was not accepted (src/pass/day-state.ts): every action is refused. */
  readonly historyRefusals?: readonly string[];
  /**
   * What gatherAction read, kept for the act step of the same pass: nothing
   * changes the views between planning and acting, and reading a 1M-host
   * population and re-running a candidates view cost seconds each time.
   * Absent: every call reads afresh.
   */
  readonly gathered?: Map<string, unknown>;
  /**
   * The version of an action's population inputs (its view's fingerprint, or
   * the inventory's imports), under which its counts may be cached; absent
   * or undefined: counted afresh.
   */
  readonly populationVersion?: (action: ActionConfig) => string | undefined;
  /**
   * The files this pass exported (or found current), by view name: a
   * candidates or in-progress view is read from its file while the file is
   * intact rather than computed again. Absent: every view is queried.
   */
  readonly viewFiles?: ReadonlyMap<string, ExportedViewFile>;
}

/** `read()`, or what it returned for the same key earlier in this pass. */
function once<T>(ctx: PlanContext, key: string, read: () => T): T {
  const cache = ctx.gathered;
  if (cache === undefined) return read();
  if (!cache.has(key)) cache.set(key, read());
  return cache.get(key) as T;
}

/** One action's planning input plus what only the summary needs. */
export interface GatheredAction {
  readonly action: ActionConfig;
  readonly input: PlanInput;
  /** Host-bearing rows whose hostname could not be normalised, with what was done about each (never ignored). */
  readonly invalidRows: readonly InvalidRow[];
}

const HOST_SCOPED = new Set<InvariantName>(['hdfs-decommissioned', 'hdfs-in-service', 'yarn-not-running']);

/**
 * Read one action's views and evaluate its invariants into a PlanInput for
 * the pure planner. `planHosts` are the other hosts the planner will be asked
 * about: the hosts of a plan file being re-checked, and those accepted for
 * earlier actions this pass.
 */
export function gatherAction(ctx: PlanContext, action: ActionConfig, globalFailures: readonly GlobalFailure[], planHosts: readonly string[] = []): GatheredAction {
  const { db, config, journal } = ctx;
  const hosts = config.hosts;
  const { rows: candidateRows, invalid } = once(ctx, `candidates:${action.name}`, () => readCandidates(db, action, hosts, ctx.viewFiles?.get(action.candidates)));
  const candidates: CandidateHost[] = candidateRows.map((r) => ({ hostname: r.hostname, cluster: r.cluster, spread: r.spread, group: r.group }));
  const inProgressFile = action.in_progress === undefined ? undefined : ctx.viewFiles?.get(action.in_progress);
  const inProgress = once(ctx, `in_progress:${action.name}`, () => readInProgress(db, action, hosts, inProgressFile));
  const out: OutHost[] = inProgress.rows.map((r) => ({ hostname: r.hostname, cluster: r.cluster, group: r.group, why: 'in-progress' as const }));
  const refusals: RowRefusal[] = [...inProgress.refusals];
  const invalidRows: InvalidRow[] = [...invalid, ...inProgress.invalid];
  // Journal entries were written with normalised hostnames; the same normalisation again
  // keeps them one host with the views' even when the `hosts:` options changed since.
  const journalOut = (e: JournalEntry, why: OutHost['why'], detail: string) => {
    const host = planHost(e.hostname, hosts);
    if (host.ok) {
      out.push({ hostname: host.hostname, cluster: e.cluster, group: e.host_group, why, detail });
      return;
    }
    refusals.push(unreadableRefusal('journal entry', `#${e.id}`, e.hostname, host.problem, e.cluster, 'its host may be out'));
    invalidRows.push({ view: 'journal', value: e.hostname, problem: host.problem, effect: `cluster ${e.cluster} refused` });
  };
  for (const e of journal.unknown()) journalOut(e, 'unknown-outcome', `${e.action} outcome unknown (journal #${e.id})`);
  // The data may not show an action's effect until the next import: a host
  // this action touched today stays counted as out for it all day.
  for (const e of journal.actedToday(action.name)) journalOut(e, 'in-progress', `${action.name} ${e.outcome} today (journal #${e.id})`);

  const hostChecks = action.invariants.filter((i) => HOST_SCOPED.has(i));
  const hostFailures = new Map<string, string[]>();
  if (hostChecks.length > 0) {
    const facts = readHostFacts(db, candidates.map((c) => c.hostname));
    for (const c of candidates) {
      const f = facts.get(c.hostname) ?? { hdfs: [], yarn: [] };
      const failures = hostChecks.map((name) => HOST_INVARIANTS[name as keyof typeof HOST_INVARIANTS](f)).filter((x): x is string => x !== null);
      if (failures.length > 0) hostFailures.set(c.hostname, failures);
    }
  }

  const deny = once(ctx, `deny:${action.name}`, () => readDenied(db, action, hosts));
  refusals.push(...deny.refusals);
  invalidRows.push(...deny.invalid);
  const sizes = once(ctx, `population:${action.name}`, () => readPopulationSizes(db, action, hosts, ctx.populationVersion?.(action)));
  const populationView = action.population ?? 'inventory_hosts';
  for (const p of sizes.invalid) invalidRows.push({ view: populationView, value: p.value, problem: p.problem, effect: `not counted in the population of ${p.cluster}` });
  if (sizes.invalidCount > sizes.invalid.length) {
    invalidRows.push({ view: populationView, value: null, problem: `${sizes.invalidCount - sizes.invalid.length} more rows whose hostname cannot be normalised`, effect: 'not counted in the population' });
  }

  const { refusedClusters, actionRefusals } = splitRefusals(refusals);

  // Every host the planner may ask about: the candidates, the out hosts, and the hosts of a plan file or of earlier actions.
  const asked = [...candidates.map((c) => c.hostname), ...out.map((o) => o.hostname), ...planHosts];
  const hdfsListed = action.invariants.includes('hdfs-healthy') || action.invariants.includes('hdfs-capacity');
  const hdfs = hdfsListed
    ? {
        now: ctx.nowSeconds,
        config: config.hdfs,
        ...once(ctx, 'hdfs', () => readHdfsClusterFacts(db, config)),
        nodes: action.invariants.includes('hdfs-capacity') ? readNodeCosts(db, asked) : new Map(),
      }
    : undefined;

  const input: PlanInput = {
    action: {
      name: action.name,
      maxGroups: action.max_groups,
      ...(action.max_per_pass !== undefined ? { maxPerPass: action.max_per_pass } : {}),
      ...(action.group !== undefined ? { groupColumn: action.group } : {}),
      ...(action.spread !== undefined ? { spreadColumn: action.spread } : {}),
      invariants: action.invariants,
    },
    policy: {
      archetypes: config.policy.archetypes,
      overrides: config.policy.overrides,
      candidatesPercent: config.policy.thresholds.candidates_percent,
    },
    classify: readClassify(db, config),
    population: populationOf(db, sizes, asked, hosts),
    candidates,
    out,
    denied: deny.denied,
    hostFailures,
    globalFailures: [...globalFailures.filter((g) => g.invariant === 'history' || action.invariants.includes(g.invariant)).map((g) => g.message), ...actionRefusals],
    ...(refusedClusters.size > 0 ? { refusedClusters } : {}),
    seed: ctx.seed,
    ...(hdfs !== undefined ? { hdfs } : {}),
  };
  return { action, input, invalidRows };
}

/**
 * Refusals of rows that could not be read: per cluster (the first reason,
 * bytewise, and how many more), and those that name no cluster, which refuse
 * the whole action. Sorted, so the reasons do not depend on row order.
 */
function splitRefusals(refusals: readonly RowRefusal[]): { refusedClusters: Map<string, string>; actionRefusals: string[] } {
  const byCluster = new Map<string, string[]>();
  const actionRefusals: string[] = [];
  for (const r of refusals) {
    if (r.cluster === null) actionRefusals.push(r.reason);
    else byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r.reason]);
  }
  const refusedClusters = new Map<string, string>();
  for (const [cluster, reasons] of byCluster) {
    const sorted = sortedBytewise(new Set(reasons));
    refusedClusters.set(cluster, sorted[0]! + (sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : ''));
  }
  return { refusedClusters, actionRefusals: sortedBytewise(new Set(actionRefusals)) };
}

export interface GlobalFailure {
  /** The invariant that failed; `history` (unreadable earlier state) refuses every action, whatever it lists. */
  readonly invariant: InvariantName | 'history';
  /** Worded with the invariant's name: `invariant inputs-fresh failed: inventory is 3h old (max_age 2h)`. */
  readonly message: string;
}

/** The global invariants of a pass; each action then heeds the ones it lists. */
export function globalInvariantFailures(ctx: PlanContext): GlobalFailure[] {
  const { db, config } = ctx;
  const failures: GlobalFailure[] = (ctx.historyRefusals ?? []).map((message) => ({ invariant: 'history' as const, message }));
  const latest = db
    .prepare(
      `SELECT source, status, pass, data_time AS dataTime, rows FROM imports i
       WHERE id = (SELECT max(id) FROM imports j WHERE j.source = i.source)`,
    )
    .all() as { source: string; status: 'ok' | 'unchanged' | 'failed' | 'running'; pass: number | null; dataTime: number | null; rows: number | null }[];
  const fresh = checkInputsFresh(
    config.sources.map((s) => ({ name: s.name, ...(s.max_age !== undefined ? { maxAge: s.max_age } : {}) })),
    latest.filter((l) => l.status !== 'running').map((l) => ({ source: l.source, status: l.status as 'ok' | 'unchanged' | 'failed', pass: l.pass, dataTime: l.dataTime })),
    { pass: ctx.pass, now: ctx.nowSeconds },
  );
  for (const f of fresh) failures.push({ invariant: 'inputs-fresh', message: `invariant inputs-fresh failed: ${f}` });
  if (ctx.previousSourceRows !== undefined) {
    const current = new Map<string, number>();
    for (const l of latest) if (l.status === 'ok' || l.status === 'unchanged') current.set(l.source, l.rows ?? 0);
    const limitOf = (source: string) => config.sources.find((s) => s.name === source)?.shrink_percent ?? config.policy.thresholds.shrink_percent;
    for (const f of checkInputsNotShrunk(current, ctx.previousSourceRows, limitOf)) {
      failures.push({ invariant: 'inputs-not-shrunk', message: `invariant inputs-not-shrunk failed: ${f}` });
    }
  }
  return failures;
}

/** plan/<action>.json: how a plan was derived, as writePlans writes it (the report reads it back). */
export interface PlanExplanation {
  /** The file's format version (src/util/artifact-format.ts); absent in files written before it existed (format 1). */
  readonly format?: number;
  readonly action: string;
  readonly pass: number | null;
  readonly seed: number;
  readonly planned_at?: string;
  readonly candidates_view: string;
  readonly in_progress_view: string | null;
  readonly invariants: readonly string[];
  readonly global_failures: readonly string[];
  /** Rows planning could not read (a candidate, in-progress, deny or population row whose hostname is not one), and what that did. */
  readonly invalid_rows: readonly InvalidRow[];
  readonly clusters: readonly ClusterPlan[];
}

export interface PlannedAction {
  readonly gathered: GatheredAction;
  readonly plan: ActionPlan;
}

/**
 * Plan every action (or the named ones) in config order, sharing each
 * cluster's budget, and write plan/<action> and plan/<action>.json.
 */
export function writePlans(ctx: PlanContext, planDir: string, only: readonly string[]): PlannedAction[] {
  const actions = ctx.config.actions.filter((a) => only.length === 0 || only.includes(a.name));
  const globalFailures = globalInvariantFailures(ctx);
  const gathered = actions.map((a) => gatherAction(ctx, a, globalFailures));
  const plans = planPass(gathered.map((g) => g.input));
  return gathered.map((g, i) => {
    const plan = plans[i]!;
    const rows: PlanRow[] = plan.picked.map((h) => ({ hostname: h.hostname, cluster: h.cluster ?? '', spread: h.spread, group: h.group }));
    const explanation: PlanExplanation = {
      action: g.action.name,
      pass: ctx.pass,
      seed: plan.seed,
      planned_at: new Date(ctx.nowSeconds * 1000).toISOString(),
      candidates_view: g.action.candidates,
      in_progress_view: g.action.in_progress ?? null,
      invariants: g.action.invariants,
      global_failures: plan.globalFailures,
      invalid_rows: g.invalidRows,
      clusters: plan.clusters,
    };
    writePlan(planDir, g.action.name, rows, explanation);
    return { gathered: g, plan };
  });
}

/** `drain: candidate dropped: cands-v: invalid hostname "a b": ...`, for the rows planning could not read and did not refuse over. */
export function invalidRowWarnings(planned: readonly PlannedAction[]): string[] {
  const out: string[] = [];
  for (const p of planned) {
    for (const r of p.gathered.invalidRows) {
      if (r.effect.endsWith(' refused')) continue;
      out.push(`${p.plan.action}: ${r.effect}: ${describeInvalid('view', r.view, r.value, r.problem)}`);
    }
  }
  return out;
}
