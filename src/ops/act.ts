import { readPause } from '../act/pause.js';
import { actOnPlans, type ActedAction } from '../pass/act-step.js';
import { prepareDay } from '../pass/day-state.js';
import { previousPass } from '../pass/history.js';
import { populationVersions } from '../pass/population-version.js';
import { Transcript } from '../util/transcript.js';
import { createViews, loadViews } from '../views/create-views.js';
import type { Env } from './env.js';
import { withLockedState } from './locked-state.js';
import { checkActionNames } from './plan.js';
import { requireToday } from './today.js';

export interface ActOutcome {
  readonly day: string;
  readonly paused: ReturnType<typeof readPause>;
  readonly acted: ActedAction[];
  readonly warnings: string[];
  /** Why every action was refused (unreadable earlier state not accepted); empty when none. */
  readonly refusals: string[];
}

/**
 * `breakfix act [ACTION...] [--execute]`: act on the plans on disk, re-checked
 * against the current data. Without --execute nothing runs.
 */
export function runAct(env: Env, names: readonly string[], opts: { execute: boolean; shouldStop: () => boolean }): Promise<ActOutcome> {
  return withLockedState(
    env,
    `breakfix act${opts.execute ? ' --execute' : ''}`,
    async ({ config, ws, state, lockWarnings }) => {
      const { journal, warnings, earlier, historyRefusals } = prepareDay(state, ws, env.clock().getTime());
      const defs = loadViews(ws);
      createViews(state.raw, config, defs, { temp: false });
      const transcript = new Transcript(ws.transcriptFile, env.clock);
      transcript.write('act', `breakfix act ${names.join(' ')}${opts.execute ? ' --execute' : ''} (pid ${process.pid})`);
      const paused = readPause(ws.pauseFile);
      const prev = previousPass(state.raw, ws, null, earlier);
      const acted = await actOnPlans(
        {
          db: state.raw,
          config,
          journal,
          pass: null,
          seed: 0,
          nowSeconds: Math.floor(env.clock().getTime() / 1000),
          previousSourceRows: prev?.sourceRows,
          historyRefusals,
          populationVersion: populationVersions(state.raw, config, defs, null),
          day: ws.day,
          workspaceDir: ws.dir,
          planDir: ws.planDir,
          execute: opts.execute,
          paused,
          readPause: () => readPause(ws.pauseFile),
          transcript,
          clock: env.clock,
          shouldStop: opts.shouldStop,
        },
        names,
      );
      return { day: ws.day, paused, acted, warnings: [...lockWarnings, ...warnings], refusals: historyRefusals };
    },
    (config) => {
      checkActionNames(names, config.actions);
      requireToday(env, config, 'act');
    },
  );
}
