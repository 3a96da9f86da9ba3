import { readPause } from '../act/pause.js';
import type { Config } from '../config/load.js';
import type { StateDb } from '../db/open.js';
import { writeSettings } from '../db/settings.js';
import { exitCodeFor, QueryError } from '../errors.js';
import { exportViewsParallel } from '../export/export-views.js';
import { deriveSeed } from '../policy/rng.js';
import { sha256Text } from '../sources/fingerprint.js';
import type { ImportOptions } from '../sources/import-source.js';
import { importSources } from '../sources/import-sources.js';
import type { Transcript } from '../util/transcript.js';
import { createViews, loadViews } from '../views/create-views.js';
import type { Workspace } from '../workspace.js';
import { prepareDay } from './day-state.js';
import { actOnPlans, type ActedAction } from './act-step.js';
import { finishPass, markInterruptedPasses, previousPass, recordActions, recordViews, startPass, type ActionHistoryRow } from './history.js';
import { invalidRowWarnings, writePlans, type PlannedAction } from './plan-step.js';
import { actContext, planContext } from './step-context.js';
import type { ActionSummary, PassSummary } from './summary.js';
import { formatSummary } from './summary.js';

export interface PassOptions {
  readonly execute: boolean;
  readonly seed?: number | undefined;
  /** Re-import unchanged sources and re-export current views. */
  readonly force: boolean;
  /** Set by SIGINT/SIGTERM: finish the current step, then stop. */
  readonly shouldStop: () => boolean;
  readonly progress?: ImportOptions['progress'];
}

/** What a pass runs in: the workspace's config, day and state.db, under the lock ops/pass.ts takes. */
export interface PassFrame {
  readonly config: Config;
  readonly ws: Workspace;
  readonly state: StateDb;
  readonly transcript: Transcript;
  readonly clock: () => Date;
  /** Said first among the summary's warnings (a stale lock taken over, temporary files removed). */
  readonly lockWarnings: readonly string[];
}

/**
 * One pass: import → views → export → plan → act → summary. A failed import
 * stops the pass before views and planning; the previous exports and plans
 * stay as they were. The caller holds the workspace lock.
 */
export async function runPassSteps(frame: PassFrame, opts: PassOptions): Promise<PassSummary> {
  const { config, ws, state, transcript, clock } = frame;
  const db = state.raw;
  markInterruptedPasses(db);
  const day = prepareDay(state, ws, clock().getTime());
  const { journal, warnings, earlier } = day;
  warnings.unshift(...frame.lockWarnings);
  const paused = readPause(ws.pauseFile);
  const pass = startPass(db, { execute: opts.execute, seed: opts.seed ?? null, paused: paused ? JSON.stringify(paused) : null, nowMs: clock().getTime() });
  const seed = opts.seed ?? deriveSeed(0, ws.day, String(pass));
  db.prepare('UPDATE passes SET seed = ? WHERE id = ?').run(seed, pass);
  transcript.write('pass', `pass ${pass} started (pid ${process.pid}, ${opts.execute ? 'execute' : 'dry run'}, seed ${seed})`);
  for (const w of warnings) transcript.write('pass', `warning: ${w}`);

  const errors: string[] = [];
  let views: PassSummary['views'] = [];
  let planned: PlannedAction[] = [];
  let acted: ActedAction[] = [];
  // A holder, not a local: the stop check below changes it from a closure.
  const run = { status: 'ok' as PassSummary['status'] };

  writeSettings(db, config, clock());
  const imports = await importSources(state, ws, config, [], {
    pass,
    force: opts.force,
    clock,
    transcript,
    ...(opts.progress ? { progress: opts.progress } : {}),
  });
  const failedImports = imports.filter((i) => i.status === 'failed');
  if (failedImports.length > 0) {
    run.status = 'failed';
    errors.push(`${failedImports.length} import${failedImports.length > 1 ? 's' : ''} failed: stopping before views and planning; nothing acted on`);
  }

  const stopped = () => {
    if (opts.shouldStop() && run.status === 'ok') {
      run.status = 'interrupted';
      errors.push('interrupted (SIGINT/SIGTERM): stopped between steps');
    }
    return run.status !== 'ok';
  };

  if (!stopped()) {
    try {
      const defs = loadViews(ws);
      createViews(db, config, defs, { temp: false });
      transcript.write('views', `${defs.length} views created`);
      const exported = await exportViewsParallel(db, state.file, config, ws, defs, { force: opts.force, pass, clock });
      const sqlHashes = new Map(defs.map((d) => [d.name, sha256Text(d.sql)]));
      recordViews(db, pass, exported.map((e) => ({ view: e.view, rows: e.rows, sha256: e.sha256, sqlHash: sqlHashes.get(e.view)! })));
      const prev = previousPass(db, ws, pass, earlier);
      views = exported.map((e) => {
        const p = prev?.views.get(e.view);
        return { view: e.view, rows: e.rows, previous: p?.rows ?? null, changed: p !== undefined && p.sha256 !== e.sha256, status: e.status };
      });
      transcript.write('export', `${exported.filter((e) => e.status === 'written').length} written, ${exported.filter((e) => e.status === 'current').length} current`);

      if (!stopped()) {
        const ctx = {
          ...planContext(db, config, day, { pass, seed, now: clock(), views: defs, previous: prev }),
          gathered: new Map<string, unknown>(),
          viewFiles: new Map(exported.map((e) => [e.view, e])),
        };
        planned = writePlans(ctx, ws.planDir, []);
        // Rows dropped or not counted are said here; rows that refused a cluster or the action show as REFUSED.
        for (const w of invalidRowWarnings(planned)) {
          warnings.push(w);
          transcript.write('plan', `warning: ${w}`);
        }
        for (const p of planned) transcript.write('plan', `${p.plan.action}: ${p.plan.picked.length} planned (${p.plan.clusters.map((c) => `${c.cluster} ${c.picked.length}/${c.headroom}${c.reason ? ` ${c.reason}` : ''}`).join('; ')})`);
        if (!stopped()) {
          acted = await actOnPlans(actContext(ctx, ws, { execute: opts.execute, paused, transcript, clock, shouldStop: opts.shouldStop }), []);
          stopped();
        }
      }
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      run.status = 'failed';
      errors.push(err.message);
    }
  }

  const actions = summarizeActions(planned, acted);
  recordActions(db, pass, actionHistory(planned, acted));
  const anyActionFailed = acted.some((a) => a.outcomes.some((o) => o.outcome === 'failed' || o.outcome === 'timeout'));
  const refused = actions.some((a) => a.refused.length > 0);
  if (run.status === 'ok' && anyActionFailed) errors.push('an action command failed (see the transcript)');
  if (run.status === 'ok' && refused) run.status = 'refused';
  const status = run.status;
  const exitCode = exitCodeFor({ interrupted: status === 'interrupted', failed: status === 'failed' || anyActionFailed, refused: status === 'refused' });
  const summary: PassSummary = {
    day: ws.day,
    pass,
    execute: opts.execute,
    seed,
    status,
    exitCode,
    paused: paused ?? null,
    pausedDuring: acted.find((a) => a.pausedDuring !== undefined)?.pausedDuring ?? null,
    imports: imports.map((i) => ({ source: i.source, status: i.status, rows: i.rows, unmatched: i.unmatched, skipped: i.skipped, note: i.note, error: i.error })),
    views,
    actions,
    warnings,
    errors,
    unknownOutcomes: journal.unknown().map((e) => ({ action: e.action, hostname: e.hostname, since: e.carried_from ?? new Date(e.started_ms).toISOString() })),
  };
  transcript.write('summary', formatSummary(summary));
  finishPass(db, pass, status, exitCode, summary, clock().getTime());
  return summary;
}

function summarizeActions(planned: readonly PlannedAction[], acted: readonly ActedAction[]): ActionSummary[] {
  return planned.map((p) => {
    const a = acted.find((x) => x.action.name === p.plan.action);
    const outcomes = a?.outcomes ?? [];
    // Global failures once for the action; cluster-level refusals (candidates-sane, a row that could not be read) per cluster.
    const refused = [
      ...p.plan.globalFailures,
      ...(p.plan.globalFailures.length > 0 ? [] : p.plan.clusters.filter((c) => c.refused).map((c) => refusedLine(c.cluster, c.reason!))),
    ];
    return {
      action: p.plan.action,
      refused,
      commands: a?.commands ?? [],
      acted: a?.acted ?? 'not-reached',
      clusters: p.plan.clusters.map((c) => ({
        cluster: c.cluster,
        budget: c.budget,
        basis: c.basis,
        out: c.out,
        headroom: c.headroom,
        candidates: c.candidates,
        planned: c.picked.length,
        executed: outcomes.filter((o) => o.cluster === c.cluster && o.outcome === 'done').length,
        failed: outcomes.filter((o) => o.cluster === c.cluster && (o.outcome === 'failed' || o.outcome === 'timeout')).length,
        reason: c.reason,
      })),
      rejectedAtAct: a?.rejected ?? [],
      notRun: outcomes.filter((o) => o.outcome === 'skipped').map((o) => ({ hostname: o.hostname, reason: o.note ?? 'not run' })),
    };
  });
}

/** `dwh: invariant candidates-sane failed: ...`; a refusal that names its cluster already (`... failed: dwh: 12 missing blocks`) is not prefixed again. */
function refusedLine(cluster: string, reason: string): string {
  return reason.includes(`failed: ${cluster}: `) ? reason : `${cluster}: ${reason}`;
}

function actionHistory(planned: readonly PlannedAction[], acted: readonly ActedAction[]): ActionHistoryRow[] {
  return summarizeActions(planned, acted).flatMap((a) =>
    a.clusters.map((c) => ({
      action: a.action,
      cluster: c.cluster,
      population: planned.find((p) => p.plan.action === a.action)!.plan.clusters.find((x) => x.cluster === c.cluster)!.population,
      budget: c.budget,
      out: c.out,
      headroom: c.headroom,
      candidates: c.candidates,
      planned: c.planned,
      executed: c.executed,
      failed: c.failed,
      reason: c.reason,
    })),
  );
}
