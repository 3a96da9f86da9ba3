import { readPause } from '../act/pause.js';
import { actOnPlans, type ActedAction } from '../pass/act-step.js';
import { prepareDay } from '../pass/day-state.js';
import { previousPass } from '../pass/history.js';
import { actContext, planContext } from '../pass/step-context.js';
import { Transcript } from '../util/transcript.js';
import { createViews, loadViews } from '../views/create-views.js';
import type { Env } from '../config/env.js';
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
      const day = prepareDay(state, ws, env.clock().getTime());
      const defs = loadViews(ws);
      createViews(state.raw, config, defs, { temp: false });
      const transcript = new Transcript(ws.transcriptFile, env.clock);
      transcript.write('act', `breakfix act ${names.join(' ')}${opts.execute ? ' --execute' : ''} (pid ${process.pid})`);
      const paused = readPause(ws.pauseFile);
      const previous = previousPass(state.raw, ws, null, day.earlier);
      const plan = planContext(state.raw, config, day, { pass: null, seed: 0, now: env.clock(), views: defs, previous });
      const acted = await actOnPlans(actContext(plan, ws, { execute: opts.execute, paused, transcript, clock: env.clock, shouldStop: opts.shouldStop }), names);
      return { day: ws.day, paused, acted, warnings: [...lockWarnings, ...day.warnings], refusals: day.historyRefusals };
    },
    (config) => {
      checkActionNames(names, config.actions);
      requireToday(env, config, 'act');
    },
  );
}
