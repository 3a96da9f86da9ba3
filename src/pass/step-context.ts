import type { Database } from 'better-sqlite3';
import { readPause, type PauseState } from '../act/pause.js';
import type { Config } from '../config/load.js';
import type { Transcript } from '../util/transcript.js';
import type { OrderedView } from '../views/dependencies.js';
import type { Workspace } from '../workspace.js';
import type { ActContext } from './act-step.js';
import type { DayState } from './day-state.js';
import type { PreviousPass } from './history.js';
import { populationVersions } from './population-version.js';
import type { PlanContext } from './plan-step.js';

/**
 * What planning reads, the same for `breakfix plan`, `breakfix act` and a
 * pass: the day's journal and refusals (prepareDay), the previous pass's
 * source sizes (inputs-not-shrunk), the population versions of the views.
 */
export function planContext(
  db: Database,
  config: Config,
  day: DayState,
  p: { pass: number | null; seed: number; now: Date; views: readonly OrderedView[]; previous: PreviousPass | undefined },
): PlanContext {
  return {
    db,
    config,
    journal: day.journal,
    pass: p.pass,
    seed: p.seed,
    nowSeconds: Math.floor(p.now.getTime() / 1000),
    previousSourceRows: p.previous?.sourceRows,
    historyRefusals: day.historyRefusals,
    populationVersion: populationVersions(db, config, p.views, p.pass),
  };
}

/** What acting needs beyond planning's context: where, whether for real, the pause, the transcript, the clock. */
export function actContext(
  plan: PlanContext,
  ws: Workspace,
  p: { execute: boolean; paused: PauseState | undefined; transcript: Transcript; clock: () => Date; shouldStop: () => boolean },
): ActContext {
  return {
    ...plan,
    day: ws.day,
    workspaceDir: ws.dir,
    planDir: ws.planDir,
    execute: p.execute,
    paused: p.paused,
    readPause: () => readPause(ws.pauseFile),
    transcript: p.transcript,
    clock: p.clock,
    shouldStop: p.shouldStop,
  };
}
